/**
 * The keyspace and Redis's data types laid out in cow-pages memory, the command table and the single-writer pipeline (issue: engine).
 */
package io.forkline.engine;
