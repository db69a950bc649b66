#!/usr/bin/env node
// The package bin: registers tsx so the TypeScript ops CLI runs without a build step.
import { register } from 'tsx/esm/api';

register();
await import('./crm-warehouse-ops.ts');
