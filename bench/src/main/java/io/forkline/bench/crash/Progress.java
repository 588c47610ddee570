package io.forkline.bench.crash;

import java.io.PrintStream;

/** A one-line progress bar, redrawn in place on a terminal; silent when the output is not one. */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream terminal;
    private boolean drawn;

    /** Draws on {@code terminal}, or nowhere if null. */
    Progress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** A bar on standard error when standard output is a terminal. */
    static Progress onConsole() {
        java.io.Console console = System.console();
        return new Progress(console != null && console.isTerminal() ? System.err : null);
    }

    void show(int done, int total, String label) {
        if (terminal == null) {
            return;
        }
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        terminal.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + label
                + "\u001b[K");
        terminal.flush();
        drawn = true;
    }

    /** Erases the bar so that a line can be printed where it was. */
    void clear() {
        if (terminal != null && drawn) {
            terminal.print("\r\u001b[K");
            terminal.flush();
            drawn = false;
        }
    }
}
