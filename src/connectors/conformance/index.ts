export { runConformance, CHECKS, type RunOptions } from './run';
export {
  defineConnectorModule,
  type CheckResult,
  type ConformanceReport,
  type ConnectorFaults,
  type ConnectorHarness,
  type ConnectorModule,
} from './types';
export { FaultInjector } from './faults';
