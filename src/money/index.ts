export * from './money';
export * from './mask';
