/** An allocator over paged memory: size classes in runs for small objects, whole blocks for large ones. */
package io.forkline.pages.alloc;
