/**
 * RDB files (read and write) and the snapshot strategies, fork-cow and stop-the-world (issue: snapshot).
 */
package io.forkline.snapshot;
