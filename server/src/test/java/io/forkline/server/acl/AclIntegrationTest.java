package io.forkline.server.acl;

import io.forkline.server.RespConnection;
import io.forkline.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** ACL users, AUTH and the permission checks against a real server, with Redis 7.0's replies. */
class AclIntegrationTest extends ServerFixture {

    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";

    /** The control connection stays logged in as the default user whatever the test changed. */
    @AfterEach
    void dropUsers() throws IOException {
        assertThat(control.call("CONFIG", "SET", "requirepass", "")).isEqualTo("+OK\r\n");
        assertThat(control.call("ACL", "SETUSER", "default", "nopass", "on", "+@all", "~*", "&*")).isEqualTo("+OK\r\n");
        control.call("ACL", "DELUSER", "alice", "bob", "sub");
    }

    private static String bulk(String text) {
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }

    @Test
    void aUserLogsInWithItsPasswordAndResetLogsOut() throws Exception {
        assertThat(control.call("ACL", "SETUSER", "alice", "on", ">secret", "+@all")).isEqualTo("+OK\r\n");
        try (RespConnection client = connect()) {
            assertThat(client.call("ACL", "WHOAMI")).isEqualTo(bulk("default"));
            assertThat(client.call("AUTH", "alice", "wrong")).isEqualTo(WRONGPASS);
            assertThat(client.call("ACL", "WHOAMI")).isEqualTo(bulk("default"));
            assertThat(client.call("AUTH", "alice", "secret")).isEqualTo("+OK\r\n");
            assertThat(client.call("ACL", "WHOAMI")).isEqualTo(bulk("alice"));
            assertThat(client.call("CLIENT", "INFO")).contains(" user=alice ");
            assertThat(client.call("RESET")).isEqualTo("+RESET\r\n");
            assertThat(client.call("ACL", "WHOAMI")).isEqualTo(bulk("default"));
        }
    }

    @Test
    void helloAuthenticatesToo() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", ">pw", "+@all");
        try (RespConnection client = connect()) {
            assertThat(client.call("HELLO", "3", "AUTH", "alice", "nope")).isEqualTo(WRONGPASS);
            assertThat(client.call("HELLO", "2", "AUTH", "alice", "pw")).startsWith("*14\r\n");
            assertThat(client.call("ACL", "WHOAMI")).isEqualTo(bulk("alice"));
        }
    }

    @Test
    void aDisabledUserCannotLogIn() throws Exception {
        control.call("ACL", "SETUSER", "alice", "off", ">pw", "+@all");
        try (RespConnection client = connect()) {
            assertThat(client.call("AUTH", "alice", "pw")).isEqualTo(WRONGPASS);
            assertThat(client.call("AUTH", "nobody", "pw")).isEqualTo(WRONGPASS);
        }
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() throws Exception {
        assertThat(control.call("AUTH", "x")).isEqualTo("-ERR AUTH <password> called without any password configured for "
                + "the default user. Are you sure your configuration is correct?\r\n");
        control.call("CONFIG", "SET", "requirepass", "s3cret");
        try (RespConnection client = connect()) {
            assertThat(client.call("GET", "k")).isEqualTo("-NOAUTH Authentication required.\r\n");
            assertThat(client.call("AUTH", "bad")).isEqualTo(WRONGPASS);
            assertThat(client.call("AUTH", "s3cret")).isEqualTo("+OK\r\n");
            assertThat(client.call("GET", "k")).isEqualTo("$-1\r\n");
        }
        assertThat(control.call("GET", "k")).isEqualTo("$-1\r\n");   // logged in before the password was set, as Redis
        assertThat(control.call("ACL", "GETUSER", "default")).contains(AclUser.hash("s3cret"));
    }

    @Test
    void commandsOutsideTheUsersRulesAreRefused() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", "nopass", "-@all", "+get", "+client|id", "~*");
        try (RespConnection client = connect()) {
            client.call("AUTH", "alice", "any");
            assertThat(client.call("GET", "k")).isEqualTo("$-1\r\n");
            assertThat(client.call("SET", "k", "v")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'set' command\r\n");
            assertThat(client.call("CLIENT", "ID")).startsWith(":");
            assertThat(client.call("CLIENT", "KILL", "ID", "1")).isEqualTo(
                    "-NOPERM this user has no permissions to run the 'client|kill' command\r\n");
            assertThat(client.call("MULTI")).startsWith("-NOPERM");
            assertThat(client.call("AUTH", "default", "x")).isEqualTo("+OK\r\n");   // AUTH needs no permission
        }
    }

    @Test
    void keysOutsideTheUsersPatternsAreRefused() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", "nopass", "+@all", "~user:*");
        try (RespConnection client = connect()) {
            client.call("AUTH", "alice", "any");
            assertThat(client.call("SET", "user:1", "v")).isEqualTo("+OK\r\n");
            assertThat(client.call("MSET", "user:2", "v", "other", "v")).isEqualTo(
                    "-NOPERM this user has no permissions to access one of the keys used as arguments\r\n");
            assertThat(client.call("ZUNIONSTORE", "user:d", "2", "user:1", "other")).startsWith("-NOPERM");
            assertThat(client.call("PUBLISH", "ch", "m")).isEqualTo(
                    "-NOPERM this user has no permissions to access one of the channels used as arguments\r\n");
        }
        assertThat(control.call("ACL", "DRYRUN", "alice", "GET", "other")).isEqualTo(
                bulk("This user has no permissions to access the 'other' key"));
        assertThat(control.call("ACL", "DRYRUN", "alice", "GET", "user:9")).isEqualTo("+OK\r\n");
    }

    @Test
    void aTransactionChecksItsCommandsAgainWhenItRuns() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", "nopass", "+@all", "~*");
        try (RespConnection client = connect()) {
            client.call("AUTH", "alice", "any");
            client.call("MULTI");
            assertThat(client.call("SET", "k", "v")).isEqualTo("+QUEUED\r\n");
            control.call("ACL", "SETUSER", "alice", "-set");
            assertThat(client.call("EXEC")).isEqualTo("*1\r\n-NOPERM ACLs rules changed between the moment the transaction "
                    + "was accumulated and the EXEC call. This command is no longer allowed for the following reason: "
                    + "no permission to execute the command or subcommand\r\n");
        }
    }

    @Test
    void usersAreListedAndDescribedAsRedisDoes() throws Exception {
        control.call("ACL", "SETUSER", "bob");
        control.call("ACL", "SETUSER", "alice", "on", "#" + AclUser.hash("pw"), "~k*", "&ch", "-@all", "+@hash", "+get");
        assertThat(control.call("ACL", "USERS")).isEqualTo("*3\r\n" + bulk("alice") + bulk("bob") + bulk("default"));
        assertThat(control.call("ACL", "LIST")).isEqualTo("*3\r\n"
                + bulk("user alice on #" + AclUser.hash("pw") + " ~k* resetchannels &ch -@all +@hash +get")
                + bulk("user bob off resetchannels -@all")
                + bulk("user default on nopass ~* &* +@all"));
        assertThat(control.call("ACL", "GETUSER", "bob")).isEqualTo("*12\r\n" + bulk("flags") + "*1\r\n" + bulk("off")
                + bulk("passwords") + "*0\r\n" + bulk("commands") + bulk("-@all") + bulk("keys") + bulk("")
                + bulk("channels") + bulk("") + bulk("selectors") + "*0\r\n");
        assertThat(control.call("ACL", "GETUSER", "nobody")).isEqualTo("$-1\r\n");
        control.call("ACL", "SETUSER", "bob", "reset");
        assertThat(control.call("ACL", "LIST")).contains(bulk("user bob off sanitize-payload resetchannels -@all"));
    }

    @Test
    void aFailingRuleChangesNothing() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", ">pw");
        assertThat(control.call("ACL", "SETUSER", "alice", "off", "+nosuchcommand")).isEqualTo(
                "-ERR Error in ACL SETUSER modifier '+nosuchcommand': Unknown command or category name in ACL\r\n");
        assertThat(control.call("ACL", "SETUSER", "alice", "~*", "~k")).isEqualTo("-ERR Error in ACL SETUSER modifier '~k': "
                + "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. "
                + "Try 'resetkeys' to start with an empty list of patterns\r\n");
        assertThat(control.call("ACL", "SETUSER", "alice", "<other")).isEqualTo("-ERR Error in ACL SETUSER modifier "
                + "'<other': The password you are trying to remove from the user does not exist\r\n");
        assertThat(control.call("ACL", "SETUSER", "alice", "%R~k")).startsWith("-ERR Error in ACL SETUSER modifier '%R~k': "
                + "forkline does not support");
        assertThat(control.call("ACL", "SETUSER", "bad name")).isEqualTo(
                "-ERR Usernames can't contain spaces or null characters\r\n");
        assertThat(control.call("ACL", "LIST")).contains(bulk("user alice on #" + AclUser.hash("pw") + " resetchannels -@all"));
    }

    @Test
    void deletingAUserClosesItsClients() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", "nopass", "+@all");
        try (RespConnection client = connect()) {
            client.call("AUTH", "alice", "x");
            assertThat(control.call("ACL", "DELUSER", "alice", "nobody")).isEqualTo(":1\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(control.call("ACL", "DELUSER", "default")).isEqualTo("-ERR The 'default' user cannot be removed\r\n");
    }

    @Test
    void aSubscriberLosingItsChannelIsClosed() throws Exception {
        control.call("ACL", "SETUSER", "sub", "on", "nopass", "+@all", "&news");
        try (RespConnection client = connect()) {
            client.call("AUTH", "sub", "x");
            assertThat(client.call("SUBSCRIBE", "gossip")).startsWith("-NOPERM");
            assertThat(client.call("SUBSCRIBE", "news")).isEqualTo("*3\r\n" + bulk("subscribe") + bulk("news") + ":1\r\n");
            control.call("ACL", "SETUSER", "sub", "&other");   // a superset: stays
            control.call("ACL", "SETUSER", "sub", "resetchannels", "&other");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void clientKillSelectsByUser() throws Exception {
        control.call("ACL", "SETUSER", "alice", "on", "nopass", "+@all");
        try (RespConnection client = connect()) {
            client.call("AUTH", "alice", "x");
            assertThat(control.call("CLIENT", "KILL", "USER", "alice")).isEqualTo(":1\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
        assertThat(control.call("CLIENT", "KILL", "USER", "nobody")).isEqualTo("-ERR No such user 'nobody'\r\n");
    }

    @Test
    void catListsCategoriesAndTheirCommands() throws Exception {
        assertThat(control.call("ACL", "CAT")).startsWith("*21\r\n" + bulk("keyspace") + bulk("read"));
        assertThat(control.call("ACL", "CAT", "hash")).contains(bulk("hset")).doesNotContain(bulk("set"));
        // A container is only @slow, as in Redis: its subcommands carry the categories.
        assertThat(control.call("ACL", "CAT", "keyspace")).contains(bulk("object|encoding")).doesNotContain(bulk("object"));
        assertThat(control.call("ACL", "CAT", "stream")).contains(bulk("xgroup|create"), bulk("xreadgroup"))
                .doesNotContain(bulk("xgroup"), bulk("xinfo"));
        assertThat(control.call("ACL", "CAT", "nope")).isEqualTo("-ERR Unknown category 'nope'\r\n");
        assertThat(control.call("ACL", "GENPASS", "10")).matches("\\$3\r\n[0-9a-f]{3}\r\n");
        assertThat(control.call("ACL", "LOAD")).startsWith("-ERR This Redis instance is not configured to use an ACL file.");
    }
}
