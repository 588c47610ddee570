/**
 * Redis's data structures laid out in paged memory: reads take a {@code Memory} (live or a fork's view), writes take the
 * {@code Allocator}; no Java object per element.
 */
package io.forkline.engine.struct;
