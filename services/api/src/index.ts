export { createApp } from './app';
export { orderGateFor, type OrderGate } from './order-gate';
