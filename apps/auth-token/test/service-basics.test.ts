import { describeServiceBasics, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

describeServiceBasics('auth-token', buildApp, useTestInfra());
