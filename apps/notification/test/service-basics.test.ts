import path from 'node:path';
import { describeServiceBasics, describeServiceProcess, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

const infra = useTestInfra();
describeServiceBasics('notification', buildApp, infra);
describeServiceProcess('notification', path.join(__dirname, '../src/main.ts'), infra);
