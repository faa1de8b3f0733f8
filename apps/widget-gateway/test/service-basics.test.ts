import path from 'node:path';
import { describeServiceBasics, describeServiceProcess, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

const infra = useTestInfra();
describeServiceBasics('widget-gateway', buildApp, infra);
describeServiceProcess('widget-gateway', path.join(__dirname, '../src/main.ts'), infra);
