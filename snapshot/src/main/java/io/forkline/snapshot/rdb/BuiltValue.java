package io.forkline.snapshot.rdb;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueType;

/** A value a loader built in paged memory and has not yet put under a key. */
record BuiltValue(ValueType type, Encoding encoding, long value) {
}
