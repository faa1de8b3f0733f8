import path from 'node:path';
import { describeServiceBasics, describeServiceProcess, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

const infra = useTestInfra();
describeServiceBasics('auth-token', buildApp, infra);
describeServiceProcess('auth-token', path.join(__dirname, '../src/main.ts'), infra);
