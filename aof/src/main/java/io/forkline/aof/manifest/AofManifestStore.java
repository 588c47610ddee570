package io.forkline.aof.manifest;

import io.forkline.snapshot.storage.Storage;
import io.forkline.snapshot.storage.StorageFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads and replaces the manifest of a {@link AofLayout} through {@link Storage}. A replacement is
 * atomic as Redis's writeAofManifestFile makes it: the text goes to the temp manifest, which is
 * synced, renamed over the manifest, and the directory synced; a crash at any point leaves the old
 * manifest or the new one, whole.
 */
public final class AofManifestStore {

    private AofManifestStore() {
    }

    /** The manifest, or null when the directory or the manifest file does not exist. */
    public static AofManifest read(Storage storage, AofLayout layout) throws IOException, AofManifestException {
        if (!storage.exists(layout.manifest())) {
            return null;
        }
        String text;
        try (InputStream in = storage.openRead(layout.manifest())) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return AofManifest.parse(text, layout.manifest().toString());
    }

    /** Replaces the manifest with {@code manifest}, durably (temp file, sync, rename, directory sync). */
    public static void persist(Storage storage, AofLayout layout, AofManifest manifest) throws IOException {
        byte[] text = manifest.format().getBytes(StandardCharsets.UTF_8);
        try (StorageFile temp = storage.create(layout.tempManifest())) {
            temp.write(text, 0, text.length);
            temp.sync();
        }
        storage.rename(layout.tempManifest(), layout.manifest());
        storage.syncDirectory(layout.directory());
    }
}
