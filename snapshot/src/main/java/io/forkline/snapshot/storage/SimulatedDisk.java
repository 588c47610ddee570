package io.forkline.snapshot.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ClosedChannelException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A {@link Storage} held in memory that loses, at a simulated power loss, what a real disk could lose, and
 * nothing else: the disk of crash tests.
 *
 * <h2>The model</h2>
 * Files are inodes; names are entries in directories, as in POSIX. The disk keeps two states of each:
 * <ul>
 *   <li><b>Data.</b> Each file has a durable image (what the platters hold) followed by the changes made since its
 *   last {@link StorageFile#sync()}: appends, and the truncation of {@link #create} over an existing file, in
 *   order. Processes read the image with every change applied. {@code sync()} makes them all durable.
 *   {@link #truncate} syncs the file, as {@link FileStorage#truncate} does.</li>
 *   <li><b>Names.</b> Each directory has a durable listing; creating, renaming or deleting an entry is a pending
 *   change of its directory until {@link #syncDirectory} of that directory. A file created, written and synced
 *   whose directory was not synced can therefore vanish at a power loss (ext4 can do this, and POSIX allows it).
 *   A rename is one change in each of its two directories: within one directory it is atomic; across two, each
 *   half becomes durable with its own directory's sync, so a power loss can show the file under both names or
 *   neither, as POSIX allows. Creating a directory is an entry change of its parent.</li>
 * </ul>
 *
 * <h2>Crashes</h2>
 * <ul>
 *   <li>{@link #kill()}, a process crash, loses nothing: the page cache outlives the process. Files the process had
 *   open are closed, and views handed out by {@link #process()} stop working.</li>
 *   <li>{@link #powerLoss(Random)} keeps, of each file, its durable image plus a prefix of its pending changes, in
 *   write order: half the time none; otherwise a whole number of them, or whole ones then a torn prefix of the next
 *   append (biased towards the last write). Why a prefix: ext4 in its default {@code data=ordered} mode writes an
 *   appended block before it commits the size that covers it, so an appending file that loses power ends with a
 *   prefix of what was written; the kernel may have written back any part of it before the cut, so any prefix is
 *   possible and a cut may fall inside one write. Not modelled: zeros or stale blocks in place of unwritten data
 *   (ext4 {@code data=writeback}, XFS after some crashes) and bit flips; a loader facing those must detect them
 *   by checksums. Names: half the time every pending entry change is reverted; otherwise a prefix of them, in the
 *   order they were made, survives (a journaling file system commits its metadata in order, on its own timer).
 *   The draws come from the caller's {@link Random} in a fixed order, so a seed replays a power loss exactly.</li>
 *   <li>{@link #cutPower()} and {@link #cutPowerWhen} stop the machine at an instant: from then on every call waits
 *   (the machine is off, nothing more reaches the disk or leaves it) until {@link #powerLoss} fails it with an
 *   {@link IOException}. A test cuts the power, stops the server under test, then calls {@code powerLoss}.</li>
 * </ul>
 *
 * <h2>Writeback</h2>
 * A kernel writes dirty data back on its own (Linux: {@code dirty_expire_centisecs}, 30 s by default; ext4 commits
 * its journal every 5 s). Given a clock and a delay, the disk makes every change durable once it is older than the
 * delay, as though a flusher had run at that exact instant; the clock is injected, so this is deterministic.
 * Without one (the plain constructor) nothing becomes durable except by a sync.
 *
 * <h2>Faults</h2>
 * {@link #failWritesAfter(long)} fills the disk (a write that crosses the limit writes what fits, then fails with
 * "No space left on device"); {@link #failNextSyncs(int)} makes syncs fail with an IO error, leaving the changes
 * volatile. Both last until {@link #clearFaults()}, power losses included.
 *
 * <h2>Assumptions and guarantees</h2>
 * Every call holds the disk's monitor, so any number of threads may use it at once (one writing, another
 * syncing, a third renaming); each call is atomic. Paths are made absolute and normalised; the root directory
 * always exists. Calls made on the disk itself always act on the current state; calls through a {@link #process()}
 * view, or on a file opened through one, fail once that process is killed or the power is lost, so threads of a
 * crashed server cannot touch the files of the next one.
 */
public final class SimulatedDisk implements Storage {

    /** A generation number that is never current: a call made on the disk itself, not through a process view. */
    private static final int ANY_GENERATION = -1;

    private final LongSupplier clockNanos;
    private final long writebackAfterNanos;
    private final Directory root = new Directory();
    /** Entry changes not yet durable, in the order they were made (the order a journal would commit them). */
    private final List<EntryChange> pendingEntries = new ArrayList<>();
    /** Files with changes not yet durable, in the order they first changed (so draws at a power loss are replayable). */
    private final Set<Inode> dirty = new LinkedHashSet<>();
    private long entrySequence;
    private long operations;
    /** Bumped by every kill and power loss: handles and process views of an older generation are dead. */
    private int generation;
    private boolean powerCut;
    private Predicate<DiskOperation> cutWhen;
    private long spaceLeft = Long.MAX_VALUE;
    private int failingSyncs;

    /** A disk whose kernel never writes back on its own: only syncs make changes durable. */
    public SimulatedDisk() {
        this(() -> 0, null);
    }

    /**
     * A disk whose kernel writes back every change {@code writebackAfter} after it was made, measured on
     * {@code clockNanos} (a simulated clock: the test moves it).
     */
    public SimulatedDisk(LongSupplier clockNanos, Duration writebackAfter) {
        this.clockNanos = clockNanos;
        this.writebackAfterNanos = writebackAfter == null ? Long.MAX_VALUE : writebackAfter.toNanos();
    }

    // ---------------------------------------------------------------- Storage, on the current state

    @Override
    public StorageFile create(Path file) throws IOException {
        return create(file, ANY_GENERATION);
    }

    @Override
    public StorageFile openAppend(Path file) throws IOException {
        return openAppend(file, ANY_GENERATION);
    }

    @Override
    public InputStream openRead(Path file) throws IOException {
        return openRead(file, ANY_GENERATION);
    }

    @Override
    public boolean exists(Path path) {
        return exists(path, ANY_GENERATION);
    }

    @Override
    public long size(Path file) throws IOException {
        return size(file, ANY_GENERATION);
    }

    @Override
    public List<Path> list(Path directory) throws IOException {
        return list(directory, ANY_GENERATION);
    }

    @Override
    public void createDirectories(Path directory) throws IOException {
        createDirectories(directory, ANY_GENERATION);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        rename(from, to, ANY_GENERATION);
    }

    @Override
    public void delete(Path path) throws IOException {
        delete(path, ANY_GENERATION);
    }

    @Override
    public void truncate(Path file, long length) throws IOException {
        truncate(file, length, ANY_GENERATION);
    }

    @Override
    public void syncDirectory(Path directory) throws IOException {
        syncDirectory(directory, ANY_GENERATION);
    }

    /**
     * A process's view of this disk: a {@link Storage} whose calls, and whose open files, fail with an
     * {@link IOException} once the process is gone ({@link #kill()} or {@link #powerLoss}). Give each server its own.
     */
    public synchronized Storage process() {
        return new ProcessView(generation);
    }

    // ---------------------------------------------------------------- crashes and faults

    /** The process dies: its files are closed and its views stop working; nothing written is lost. */
    public synchronized void kill() {
        generation++;
        notifyAll();
    }

    /** The machine stops now: every call from here on waits until {@link #powerLoss} fails it. */
    public synchronized void cutPower() {
        powerCut = true;
        notifyAll();
    }

    /**
     * Cuts the power just before the first changing call that {@code trigger} accepts (that call never runs).
     * Replaces an earlier trigger; {@code null} removes it.
     */
    public synchronized void cutPowerWhen(Predicate<DiskOperation> trigger) {
        cutWhen = trigger;
    }

    /** Whether the power is cut (by {@link #cutPower()} or a trigger) and {@link #powerLoss} has not run yet. */
    public synchronized boolean powerIsCut() {
        return powerCut;
    }

    /** Waits up to {@code timeout} for the power to be cut; true if it is. */
    public synchronized boolean awaitPowerCut(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!powerCut) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * The power fails (cut now if it was not already) and comes back: volatile changes are dropped or kept in part as
     * the class comment describes, drawing from {@code random}; every call that was waiting, every open file and every
     * process view fails from now on. Returns what was kept.
     */
    public synchronized PowerLoss powerLoss(Random random) {
        writeback();
        int pendingEntryChanges = pendingEntries.size();
        int keptEntryChanges = keepEntryPrefix(random);
        long unsynced = 0;
        long kept = 0;
        int torn = 0;
        List<String> files = new ArrayList<>();
        for (Inode inode : dirty) {
            long before = inode.unsyncedBytes();
            DataOutcome outcome = inode.losePower(random);
            unsynced += before;
            kept += outcome.keptBytes();
            torn += outcome.torn() ? 1 : 0;
            files.add(inode.name + ": kept " + outcome.keptBytes() + " of " + before + " unsynced bytes"
                    + (outcome.torn() ? " (torn)" : ""));
        }
        dirty.clear();
        root.revertToDurable();
        generation++;
        powerCut = false;
        cutWhen = null;
        notifyAll();
        return new PowerLoss(unsynced, kept, torn, pendingEntryChanges, keptEntryChanges, files);
    }

    /** The next writes succeed for {@code bytes} more bytes in all; then the disk is full until {@link #clearFaults()}. */
    public synchronized void failWritesAfter(long bytes) {
        spaceLeft = bytes;
    }

    /** The next {@code count} syncs (of files or directories) fail with an IO error and make nothing durable. */
    public synchronized void failNextSyncs(int count) {
        failingSyncs = count;
    }

    /** No more injected faults: space is unlimited and syncs succeed. */
    public synchronized void clearFaults() {
        spaceLeft = Long.MAX_VALUE;
        failingSyncs = 0;
    }

    // ---------------------------------------------------------------- inspection (never waits, never counted)

    /** How many changing calls the disk has seen (the next {@link DiskOperation#index()}). */
    public synchronized long operations() {
        return operations;
    }

    /** The file's bytes as processes see them, or null if no such file. */
    public synchronized byte[] content(Path file) {
        writeback();
        return lookup(absolute(file)) instanceof Inode inode ? inode.current() : null;
    }

    /**
     * The file's bytes as a power loss that kept nothing volatile would leave them, or null if its name would not
     * survive such a power loss.
     */
    public synchronized byte[] durableContent(Path file) {
        writeback();
        return lookupDurable(absolute(file)) instanceof Inode inode ? inode.durable.copy() : null;
    }

    /** The bytes written to the file and not yet durable (0 for a missing file). */
    public synchronized long unsyncedBytes(Path file) {
        writeback();
        return lookup(absolute(file)) instanceof Inode inode ? inode.unsyncedBytes() : 0;
    }

    /** Every file under {@code directory} (at any depth) with its bytes as processes see them, by path. */
    public synchronized Map<Path, byte[]> files(Path directory) {
        writeback();
        Map<Path, byte[]> files = new TreeMap<>();
        Path start = absolute(directory);
        if (lookup(start) instanceof Directory listed) {
            collect(start, listed, files);
        }
        return files;
    }

    private static void collect(Path at, Directory directory, Map<Path, byte[]> files) {
        directory.entries.forEach((name, node) -> {
            switch (node) {
                case Inode inode -> files.put(at.resolve(name), inode.current());
                case Directory child -> collect(at.resolve(name), child, files);
            }
        });
    }

    /** Whether the name survives a power loss that keeps nothing volatile. */
    public synchronized boolean durablyExists(Path path) {
        writeback();
        return lookupDurable(absolute(path)) != null;
    }

    // ---------------------------------------------------------------- the calls

    private synchronized StorageFile create(Path file, int caller) throws IOException {
        Path path = absolute(file);
        enter(caller, DiskOperation.Kind.CREATE, path, null, 0, 0);
        Directory parent = parentOf(path);
        Node existing = parent.entries.get(name(path));
        if (existing instanceof Directory) {
            throw new IOException(path + ": is a directory");
        }
        Inode inode;
        if (existing instanceof Inode present) {
            inode = present;
            if (inode.length > 0) {
                inode.change(new DataChange(now(), null, 0));
                dirty.add(inode);
            }
        } else {
            inode = new Inode(path);
            link(parent, name(path), inode);
        }
        return new Handle(inode, path);
    }

    private synchronized StorageFile openAppend(Path file, int caller) throws IOException {
        Path path = absolute(file);
        enter(caller, DiskOperation.Kind.OPEN_APPEND, path, null, 0, 0);
        Directory parent = parentOf(path);
        Node existing = parent.entries.get(name(path));
        if (existing instanceof Directory) {
            throw new IOException(path + ": is a directory");
        }
        Inode inode = (Inode) existing;
        if (inode == null) {
            inode = new Inode(path);
            link(parent, name(path), inode);
        }
        return new Handle(inode, path);
    }

    private synchronized InputStream openRead(Path file, int caller) throws IOException {
        Path path = absolute(file);
        awaitPower(caller);
        Node node = lookup(path);
        if (node == null) {
            throw new NoSuchFileException(path.toString());
        }
        if (!(node instanceof Inode inode)) {
            throw new IOException(path + ": is a directory");
        }
        return new ByteArrayInputStream(inode.current());
    }

    private synchronized boolean exists(Path path, int caller) {
        try {
            awaitPower(caller);
        } catch (IOException gone) {
            return false;
        }
        return lookup(absolute(path)) != null;
    }

    private synchronized long size(Path file, int caller) throws IOException {
        Path path = absolute(file);
        awaitPower(caller);
        if (!(lookup(path) instanceof Inode inode)) {
            throw new NoSuchFileException(path.toString());
        }
        return inode.length;
    }

    private synchronized List<Path> list(Path directory, int caller) throws IOException {
        Path path = absolute(directory);
        awaitPower(caller);
        Node node = lookup(path);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof Directory listed)) {
            throw new IOException(path + ": not a directory");
        }
        List<Path> names = new ArrayList<>();
        for (String name : listed.entries.keySet()) {
            names.add(path.resolve(name));
        }
        return names;
    }

    private synchronized void createDirectories(Path directory, int caller) throws IOException {
        Path path = absolute(directory);
        Directory at = root;
        Path walked = path.getRoot();
        for (Path part : path) {
            walked = walked.resolve(part);
            Node next = at.entries.get(part.toString());
            if (next == null) {
                enter(caller, DiskOperation.Kind.CREATE_DIRECTORY, walked, null, 0, 0);
                Directory created = new Directory();
                link(at, part.toString(), created);
                next = created;
            }
            if (!(next instanceof Directory nextDirectory)) {
                throw new FileAlreadyExistsException(walked.toString(), null, "a file, not a directory");
            }
            at = nextDirectory;
        }
    }

    private synchronized void rename(Path from, Path to, int caller) throws IOException {
        Path source = absolute(from);
        Path target = absolute(to);
        enter(caller, DiskOperation.Kind.RENAME, source, target, 0, 0);
        Directory sourceParent = parentOf(source);
        Node node = sourceParent.entries.get(name(source));
        if (node == null) {
            throw new NoSuchFileException(source.toString());
        }
        Directory targetParent = parentOf(target);
        if (source.equals(target)) {
            return;
        }
        Node replaced = targetParent.entries.get(name(target));
        if (replaced instanceof Directory replacedDirectory && !replacedDirectory.entries.isEmpty()) {
            throw new DirectoryNotEmptyException(target.toString());
        }
        if (replaced != null && (replaced instanceof Directory) != (node instanceof Directory)) {
            throw new IOException(target + ": cannot replace a " + (replaced instanceof Directory ? "directory" : "file")
                    + " by a " + (node instanceof Directory ? "directory" : "file"));
        }
        long sequence = entrySequence++;
        long time = now();
        sourceParent.entries.remove(name(source));
        pendingEntries.add(new EntryChange(sequence, time, sourceParent, name(source), null));
        targetParent.entries.put(name(target), node);
        pendingEntries.add(new EntryChange(sequence, time, targetParent, name(target), node));
        if (node instanceof Inode inode) {
            inode.name = target;
        }
    }

    private synchronized void delete(Path file, int caller) throws IOException {
        Path path = absolute(file);
        enter(caller, DiskOperation.Kind.DELETE, path, null, 0, 0);
        Directory parent = parentOf(path);
        Node node = parent.entries.get(name(path));
        if (node == null) {
            return;
        }
        if (node instanceof Directory directory && !directory.entries.isEmpty()) {
            throw new DirectoryNotEmptyException(path.toString());
        }
        parent.entries.remove(name(path));
        pendingEntries.add(new EntryChange(entrySequence++, now(), parent, name(path), null));
    }

    private synchronized void truncate(Path file, long length, int caller) throws IOException {
        Path path = absolute(file);
        enter(caller, DiskOperation.Kind.TRUNCATE, path, null, 0, length);
        if (!(lookup(path) instanceof Inode inode)) {
            throw new NoSuchFileException(path.toString());
        }
        if (length < inode.length) {
            inode.change(new DataChange(now(), null, length));
            dirty.add(inode);
        }
        sync(inode);   // as FileStorage: the truncation is forced to the disk with the file's other changes
    }

    private synchronized void syncDirectory(Path directory, int caller) throws IOException {
        Path path = absolute(directory);
        enter(caller, DiskOperation.Kind.SYNC_DIRECTORY, path, null, 0, 0);
        if (!(lookup(path) instanceof Directory synced)) {
            throw new NoSuchFileException(path.toString());
        }
        failSyncIfInjected(path);
        pendingEntries.removeIf(change -> {
            if (change.directory() != synced) {
                return false;
            }
            change.applyDurably();
            return true;
        });
    }

    private synchronized void write(Handle handle, byte[] bytes, int offset, int length) throws IOException {
        handle.check();
        enter(ANY_GENERATION, DiskOperation.Kind.WRITE, handle.path, null, handle.inode.length, length);
        handle.check();
        int fits = (int) Math.min(length, spaceLeft);
        if (fits > 0) {
            handle.inode.change(new DataChange(now(), Arrays.copyOfRange(bytes, offset, offset + fits), 0));
            dirty.add(handle.inode);
            if (spaceLeft != Long.MAX_VALUE) {
                spaceLeft -= fits;
            }
        }
        if (fits < length) {
            throw new IOException("No space left on device (simulated: " + handle.path + " after " + fits + " of "
                    + length + " bytes)");
        }
    }

    private synchronized void sync(Handle handle) throws IOException {
        handle.check();
        enter(ANY_GENERATION, DiskOperation.Kind.SYNC, handle.path, null, 0, 0);
        handle.check();
        failSyncIfInjected(handle.path);
        sync(handle.inode);
    }

    private void sync(Inode inode) {
        inode.makeDurable(inode.pending.size());
        dirty.remove(inode);
    }

    private synchronized long size(Handle handle) throws IOException {
        handle.check();
        awaitPower(ANY_GENERATION);
        return handle.inode.length;
    }

    // ---------------------------------------------------------------- power, time and faults

    /**
     * Every changing call passes here before it runs: it waits while the power is cut, fails if its process is gone,
     * lets the kernel write back what has aged, and may itself trip the power-cut trigger.
     */
    private void enter(int caller, DiskOperation.Kind kind, Path path, Path target, long offset, long length) throws IOException {
        int entered = awaitPower(caller);
        writeback();
        DiskOperation operation = new DiskOperation(operations++, kind, path, target, offset, length);
        if (cutWhen != null && cutWhen.test(operation)) {
            cutWhen = null;
            powerCut = true;
            notifyAll();
            awaitRestore(entered);
        }
    }

    /** Waits while the power is cut; fails if the caller's process or boot is gone. Returns the generation entered in. */
    private int awaitPower(int caller) throws IOException {
        int entered = generation;
        if (caller != ANY_GENERATION && caller != generation) {
            throw new IOException("simulated disk: the process that opened this was killed or lost power");
        }
        if (powerCut) {
            awaitRestore(entered);
        }
        return entered;
    }

    private void awaitRestore(int entered) throws IOException {
        boolean interrupted = false;
        while (powerCut && generation == entered) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (generation != entered) {
            throw new IOException("simulated disk: the power was lost during this call");
        }
    }

    private void failSyncIfInjected(Path path) throws IOException {
        if (failingSyncs > 0) {
            failingSyncs--;
            throw new IOException("Input/output error (simulated fsync failure of " + path + ")");
        }
    }

    private long now() {
        return clockNanos.getAsLong();
    }

    /** What the kernel would have written back by now: every change older than the writeback delay. */
    private void writeback() {
        if (writebackAfterNanos == Long.MAX_VALUE) {
            return;
        }
        long horizon = now() - writebackAfterNanos;
        int aged = 0;
        while (aged < pendingEntries.size() && pendingEntries.get(aged).time() <= horizon) {
            pendingEntries.get(aged++).applyDurably();
        }
        pendingEntries.subList(0, aged).clear();
        dirty.removeIf(inode -> {
            int count = 0;
            while (count < inode.pending.size() && inode.pending.get(count).time() <= horizon) {
                count++;
            }
            inode.makeDurable(count);
            return inode.pending.isEmpty();
        });
    }

    /**
     * Keeps none of the pending entry changes (half the time) or those before a random one of them; returns how many.
     * The draw counts changes (the two halves of a rename as one), not sequence numbers, so that it does not depend
     * on how many changes other directories' syncs made durable in between.
     */
    private int keepEntryPrefix(Random random) {
        int kept = 0;
        if (!pendingEntries.isEmpty() && random.nextBoolean()) {
            List<Long> sequences = pendingEntries.stream().map(EntryChange::sequence).distinct().toList();
            int keep = random.nextInt(sequences.size() + 1);
            long cut = keep == sequences.size() ? Long.MAX_VALUE : sequences.get(keep);   // keep sequences below the cut
            for (EntryChange change : pendingEntries) {
                if (change.sequence() < cut) {
                    change.applyDurably();
                    kept++;
                }
            }
        }
        pendingEntries.clear();
        return kept;
    }

    // ---------------------------------------------------------------- the namespace

    private void link(Directory parent, String name, Node node) {
        parent.entries.put(name, node);
        pendingEntries.add(new EntryChange(entrySequence++, now(), parent, name, node));
    }

    private static Path absolute(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static String name(Path path) throws IOException {
        Path name = path.getFileName();
        if (name == null) {
            throw new IOException(path + ": the root has no name");
        }
        return name.toString();
    }

    private Node lookup(Path path) {
        Node node = root;
        for (Path part : path) {
            if (!(node instanceof Directory directory)) {
                return null;
            }
            node = directory.entries.get(part.toString());
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private Node lookupDurable(Path path) {
        Node node = root;
        for (Path part : path) {
            if (!(node instanceof Directory directory)) {
                return null;
            }
            node = directory.durable.get(part.toString());
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    private Directory parentOf(Path path) throws IOException {
        Path parent = path.getParent();
        if (parent == null) {
            throw new IOException(path + ": the root has no parent");
        }
        if (!(lookup(parent) instanceof Directory directory)) {
            throw new NoSuchFileException(parent.toString(), null, "no such directory");
        }
        return directory;
    }

    private sealed interface Node permits Directory, Inode {
    }

    /** A directory: its listing as processes see it, and as it stands on the disk. */
    private static final class Directory implements Node {
        final Map<String, Node> entries = new TreeMap<>();
        final Map<String, Node> durable = new TreeMap<>();

        /** After a power loss: every directory still reachable on the disk lists what the disk holds. */
        void revertToDurable() {
            entries.clear();
            entries.putAll(durable);
            for (Node node : durable.values()) {
                if (node instanceof Directory child) {
                    child.revertToDurable();
                }
            }
        }
    }

    /**
     * A change of one directory entry; {@code node} null removes the name. The two halves of a rename share a
     * sequence number, so a power loss keeps both or neither unless one directory was synced alone.
     */
    private record EntryChange(long sequence, long time, Directory directory, String name, Node node) {
        void applyDurably() {
            if (node == null) {
                directory.durable.remove(name);
            } else {
                directory.durable.put(name, node);
            }
        }
    }

    /** An append ({@code appended} not null) or a truncation to {@code truncateTo}. */
    private record DataChange(long time, byte[] appended, long truncateTo) {
    }

    private record DataOutcome(long keptBytes, boolean torn) {
    }

    /** A file's data: its durable image, the changes since, and the length processes see. */
    private static final class Inode implements Node {
        final Bytes durable = new Bytes();
        final List<DataChange> pending = new ArrayList<>();
        long length;
        /** The last name it had, for messages. */
        Path name;

        Inode(Path name) {
            this.name = name;
        }

        void change(DataChange change) {
            pending.add(change);
            length = change.appended() == null ? change.truncateTo() : length + change.appended().length;
        }

        byte[] current() {
            Bytes image = durable.duplicate();
            for (DataChange change : pending) {
                image.apply(change);
            }
            return image.copy();
        }

        long unsyncedBytes() {
            long bytes = 0;
            for (DataChange change : pending) {
                bytes += change.appended() == null ? 0 : change.appended().length;
            }
            return bytes;
        }

        /** Applies the first {@code count} pending changes to the durable image. */
        void makeDurable(int count) {
            for (int i = 0; i < count; i++) {
                durable.apply(pending.get(i));
            }
            pending.subList(0, count).clear();
        }

        /** Keeps a prefix of the pending changes (torn, perhaps) and drops the rest. */
        DataOutcome losePower(Random random) {
            int changes = pending.size();
            int whole = 0;
            int tornBytes = 0;
            int roll = random.nextInt(4);
            if (roll == 2) {
                whole = random.nextInt(changes + 1);
            } else if (roll == 3) {
                whole = random.nextBoolean() ? changes - 1 : random.nextInt(changes);
                byte[] next = pending.get(whole).appended();
                if (next != null && next.length > 1) {
                    tornBytes = 1 + random.nextInt(next.length - 1);
                }
            }
            long kept = 0;
            for (int i = 0; i < whole; i++) {
                byte[] appended = pending.get(i).appended();
                kept += appended == null ? 0 : appended.length;
            }
            makeDurable(whole);
            if (tornBytes > 0) {
                durable.append(pending.getFirst().appended(), 0, tornBytes);
                kept += tornBytes;
            }
            pending.clear();
            length = durable.length;
            return new DataOutcome(kept, tornBytes > 0);
        }
    }

    /** A growable byte array. */
    private static final class Bytes {
        byte[] data = new byte[0];
        int length;

        void append(byte[] bytes, int offset, int count) {
            if (length + (long) count > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a simulated file holds at most 2 GiB");
            }
            if (length + count > data.length) {
                data = Arrays.copyOf(data, Math.max(length + count, Math.max(16, data.length * 2)));
            }
            System.arraycopy(bytes, offset, data, length, count);
            length += count;
        }

        void apply(DataChange change) {
            if (change.appended() != null) {
                append(change.appended(), 0, change.appended().length);
            } else {
                length = (int) Math.min(length, change.truncateTo());
            }
        }

        Bytes duplicate() {
            Bytes copy = new Bytes();
            copy.data = Arrays.copyOf(data, length);
            copy.length = length;
            return copy;
        }

        byte[] copy() {
            return Arrays.copyOf(data, length);
        }
    }

    /** A file open for appending; dead once its process is. */
    private final class Handle implements StorageFile {
        final Inode inode;
        final Path path;
        /** Open files do not outlive their process: a kill or a power loss ends them. */
        final int openedIn;
        boolean closed;

        Handle(Inode inode, Path path) {
            this.inode = inode;
            this.path = path;
            this.openedIn = SimulatedDisk.this.generation;
        }

        /** Called holding the disk's monitor. */
        void check() throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (openedIn != SimulatedDisk.this.generation) {
                throw new IOException("simulated disk: " + path + " was open in a process that was killed or lost power");
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            SimulatedDisk.this.write(this, bytes, offset, length);
        }

        @Override
        public void sync() throws IOException {
            SimulatedDisk.this.sync(this);
        }

        @Override
        public long size() throws IOException {
            return SimulatedDisk.this.size(this);
        }

        @Override
        public void close() {
            synchronized (SimulatedDisk.this) {
                closed = true;
            }
        }
    }

    /** The disk as one process sees it: every call fails once that process is killed or loses power. */
    private final class ProcessView implements Storage {
        private final int generation;

        ProcessView(int generation) {
            this.generation = generation;
        }

        @Override
        public StorageFile create(Path file) throws IOException {
            return SimulatedDisk.this.create(file, generation);
        }

        @Override
        public StorageFile openAppend(Path file) throws IOException {
            return SimulatedDisk.this.openAppend(file, generation);
        }

        @Override
        public InputStream openRead(Path file) throws IOException {
            return SimulatedDisk.this.openRead(file, generation);
        }

        @Override
        public boolean exists(Path path) {
            return SimulatedDisk.this.exists(path, generation);
        }

        @Override
        public long size(Path file) throws IOException {
            return SimulatedDisk.this.size(file, generation);
        }

        @Override
        public List<Path> list(Path directory) throws IOException {
            return SimulatedDisk.this.list(directory, generation);
        }

        @Override
        public void createDirectories(Path directory) throws IOException {
            SimulatedDisk.this.createDirectories(directory, generation);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            SimulatedDisk.this.rename(from, to, generation);
        }

        @Override
        public void delete(Path path) throws IOException {
            SimulatedDisk.this.delete(path, generation);
        }

        @Override
        public void truncate(Path file, long length) throws IOException {
            SimulatedDisk.this.truncate(file, length, generation);
        }

        @Override
        public void syncDirectory(Path directory) throws IOException {
            SimulatedDisk.this.syncDirectory(directory, generation);
        }
    }
}
