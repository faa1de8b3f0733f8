import { describeServiceBasics, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

describeServiceBasics('widget-gateway', buildApp, useTestInfra());
