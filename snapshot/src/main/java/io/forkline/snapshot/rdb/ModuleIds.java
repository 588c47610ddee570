package io.forkline.snapshot.rdb;

/**
 * Redis module type ids: 9 characters of 6 bits each (A-Z, a-z, 0-9, '-', '_'), the first the most
 * significant, then a 10-bit encoding version; what names a module in an error.
 */
final class ModuleIds {

    private static final String CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private ModuleIds() {
    }

    /** The module type name in an id. */
    static String name(long id) {
        char[] name = new char[9];
        long bits = id >>> 10;
        for (int i = name.length - 1; i >= 0; i--) {
            name[i] = CHARSET.charAt((int) (bits & 63));
            bits >>>= 6;
        }
        return new String(name);
    }
}
