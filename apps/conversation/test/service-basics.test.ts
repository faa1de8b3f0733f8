import path from 'node:path';
import { describeServiceBasics, describeServiceProcess, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

const infra = useTestInfra();
describeServiceBasics('conversation', buildApp, infra);
describeServiceProcess('conversation', path.join(__dirname, '../src/main.ts'), infra);
