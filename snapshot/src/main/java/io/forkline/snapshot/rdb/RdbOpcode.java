package io.forkline.snapshot.rdb;

/** The RDB's opcodes: bytes read where an object type is expected (Redis's {@code RDB_OPCODE_*}). */
public final class RdbOpcode {

    public static final int FUNCTION_PRE_GA = 246;
    public static final int FUNCTION2 = 245;
    public static final int MODULE_AUX = 247;
    public static final int IDLE = 248;
    public static final int FREQ = 249;
    public static final int AUX = 250;
    public static final int RESIZEDB = 251;
    public static final int EXPIRETIME_MS = 252;
    public static final int EXPIRETIME = 253;
    public static final int SELECTDB = 254;
    public static final int EOF = 255;

    private RdbOpcode() {
    }
}
