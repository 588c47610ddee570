/**
 * The RESP front end, configuration and INFO, wiring engine, snapshot and aof into a server (issue: server).
 */
package io.forkline.server;
