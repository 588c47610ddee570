package io.forkline.bench.crash;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** One {@code INFO persistence} reply, as fields. */
record ServerInfo(Map<String, String> fields) {

    static ServerInfo persistence(RespClient client) throws IOException {
        Object reply = client.call("INFO", "persistence");
        if (!(reply instanceof byte[])) {
            throw new IOException("INFO persistence answered " + reply);
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : RespClient.text(reply).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return new ServerInfo(fields);
    }

    long number(String field) {
        String value = fields.get(field);
        return value == null ? -1 : Long.parseLong(value);
    }

    boolean bgsaveInProgress() {
        return number("rdb_bgsave_in_progress") == 1;
    }

    boolean rewriteInProgress() {
        return number("aof_rewrite_in_progress") == 1 || number("aof_rewrite_scheduled") == 1;
    }

    boolean lastBgsaveOk() {
        return "ok".equals(fields.get("rdb_last_bgsave_status"));
    }

    boolean lastRewriteOk() {
        return "ok".equals(fields.get("aof_last_bgrewrite_status"));
    }
}
