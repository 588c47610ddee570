package io.forkline.server.info;

/** forkline's own version, from the jar's manifest when there is one. */
public final class ForklineVersion {

    public static final String VERSION = version();

    private ForklineVersion() {
    }

    private static String version() {
        String version = ForklineVersion.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
