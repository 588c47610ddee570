package io.forkline.server.persistence;

import io.forkline.engine.keyspace.Keyspace;
import io.forkline.snapshot.rdb.RdbType;
import io.forkline.snapshot.rdb.RdbValue;
import io.forkline.snapshot.rdb.RdbVisitor;

import java.io.IOException;

/**
 * DEBUG RELOAD MERGE (Redis's RDBFLAGS_ALLOW_DUP): a key the file holds replaces the key of that name
 * already in the store, instead of failing the load as a duplicate. Every other record goes to the
 * loader as it is. Writer thread.
 */
final class MergingVisitor implements RdbVisitor {

    private final RdbVisitor loader;
    private final Keyspace keyspace;

    MergingVisitor(RdbVisitor loader, Keyspace keyspace) {
        this.loader = loader;
        this.keyspace = keyspace;
    }

    @Override
    public void header(int version) throws IOException {
        loader.header(version);
    }

    @Override
    public void aux(byte[] key, byte[] value) throws IOException {
        loader.aux(key, value);
    }

    @Override
    public void selectDb(int db) throws IOException {
        loader.selectDb(db);
    }

    @Override
    public void resizeDb(long keys, long expires) throws IOException {
        loader.resizeDb(keys, expires);
    }

    @Override
    public void function(byte[] code) throws IOException {
        loader.function(code);
    }

    @Override
    public void beginEntry(long offset, int db, RdbType type, byte[] key) throws IOException {
        loader.beginEntry(offset, db, type, key);
    }

    @Override
    public void entry(int db, byte[] key, RdbValue value, long expireAtMillis) throws IOException {
        keyspace.delete(db, key, 0, key.length);
        loader.entry(db, key, value, expireAtMillis);
    }

    @Override
    public void emptyEntry(int db, byte[] key, RdbType type) throws IOException {
        loader.emptyEntry(db, key, type);
    }

    @Override
    public void end(long storedCrc, boolean checked) throws IOException {
        loader.end(storedCrc, checked);
    }
}
