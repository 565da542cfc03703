#!/usr/bin/env node
// A committed entry point, so package managers can link the command before the package is built.
import '../dist/bin/mv-cloudtrail-ui.js';
