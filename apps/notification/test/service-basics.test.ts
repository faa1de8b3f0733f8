import { describeServiceBasics, useTestInfra } from '@parley/testing';
import { buildApp } from '../src/app';

describeServiceBasics('notification', buildApp, useTestInfra());
