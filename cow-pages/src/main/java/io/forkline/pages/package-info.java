/**
 * Paged virtual memory for forkline's store: {@link io.forkline.pages.PagedMemory} (the live address
 * space, single-writer), {@link io.forkline.pages.MemoryView} (a fork's frozen view) and the
 * {@link io.forkline.pages.Memory} read/write contract both share.
 */
package io.forkline.pages;
