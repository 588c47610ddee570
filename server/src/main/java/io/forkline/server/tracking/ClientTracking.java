package io.forkline.server.tracking;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * One client's CLIENT TRACKING mode while tracking is on (Redis's CLIENT_TRACKING_* flags, the
 * redirection and the BCAST prefixes). Writer thread only.
 */
public final class ClientTracking {

    /** The client that receives the invalidations instead, 0 for none. */
    long redirect;
    boolean bcast;
    boolean optin;
    boolean optout;
    boolean noloop;
    /** BCAST prefixes in byte order (the empty prefix when none was given); kept across re-enabling, as Redis does. */
    final TreeSet<byte[]> prefixes = new TreeSet<>(Arrays::compareUnsigned);
    /** CLIENT CACHING yes (OPTIN) or no (OPTOUT) was given for the next command. */
    boolean caching;
    /** The redirection's client went away. */
    boolean brokenRedirect;

    /** (Re-)enables with new options: the mode flags and the redirection are replaced, the broken mark cleared. */
    void set(long redirectTo, boolean bcastMode, boolean optinMode, boolean optoutMode, boolean noloopMode) {
        this.redirect = redirectTo;
        this.bcast = bcastMode;
        this.optin = optinMode;
        this.optout = optoutMode;
        this.noloop = noloopMode;
        this.brokenRedirect = false;
    }

    /** CLIENT LIST's flags: t, then R for a broken redirection, then B for BCAST. */
    public String listFlags() {
        return "t" + (brokenRedirect ? "R" : "") + (bcast ? "B" : "");
    }

    /** CLIENT LIST's redir: the redirection's client id, 0 for none. */
    public long redirect() {
        return redirect;
    }

    /** Whether the keys of the command that ran are remembered, per OPTIN / OPTOUT and CLIENT CACHING. */
    boolean remembers() {
        return !(optin && !caching) && !(optout && caching);
    }
}
