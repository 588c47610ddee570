package io.forkline.server.acl;

import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.CommandTable;
import io.forkline.pages.Seeded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.forkline.engine.command.Specs.command;
import static io.forkline.engine.command.Specs.container;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ACL rules on one user against a model of Redis's command bitmap, and the description that rebuilds them. */
class AclUserTest {

    private static final CommandTable TABLE = CommandTable.of(List.of(
            command("string", "get", 2, "readonly fast", 1, 1, 1, "", (c, a) -> { }),
            command("string", "set", -3, "write", 1, 1, 1, "", (c, a) -> { }),
            command("string", "append", 3, "write fast", 1, 1, 1, "", (c, a) -> { }),
            command("hash", "hget", 3, "readonly fast", 1, 1, 1, "", (c, a) -> { }),
            command("hash", "hset", -4, "write fast", 1, 1, 1, "", (c, a) -> { }),
            command("generic", "del", -2, "write", 1, -1, 1, "", (c, a) -> { }),
            command("server", "flushall", -1, "write admin", 0, 0, 0, "", (c, a) -> { }),
            container("connection", "client", "", List.of(
                    command("connection", "client|id", 2, "", 0, 0, 0, "", (c, a) -> { }),
                    command("connection", "client|kill", -3, "admin", 0, 0, 0, "", (c, a) -> { })))));

    private static final CommandCatalog CATALOG = new CommandCatalog(TABLE);
    private static final List<String> CATEGORIES = List.of("read", "write", "string", "hash", "keyspace", "admin",
            "dangerous", "fast", "slow", "connection");

    static LongStream seeds() {
        return Seeded.seeds(60);
    }

    /** Redis's semantics, written plainly: a bit per command or subcommand, and the +@all bit for the future. */
    private static final class Model {
        final Map<String, Boolean> bits = new HashMap<>();
        boolean future;

        Model() {
            CATALOG.everything().forEach(spec -> bits.put(spec.name(), false));
        }

        void set(CommandSpec spec, boolean allow) {
            CommandCatalog.namesOf(spec).forEach(name -> bits.put(name, allow));
        }
    }

    private static String randomRule(Random random, Model model) {
        List<CommandSpec> everything = CATALOG.everything();
        switch (random.nextInt(6)) {
            case 0 -> {
                boolean allow = random.nextBoolean();
                model.future = allow;
                model.bits.replaceAll((name, bit) -> allow);
                return allow ? "+@all" : "-@all";
            }
            case 1, 2 -> {
                boolean allow = random.nextBoolean();
                String category = CATEGORIES.get(random.nextInt(CATEGORIES.size()));
                for (CommandSpec spec : everything) {
                    if (AclCategories.of(spec).contains(category)) {
                        model.set(spec, allow);
                    }
                }
                return (allow ? "+@" : "-@") + category;
            }
            default -> {
                boolean allow = random.nextBoolean();
                CommandSpec spec = everything.get(random.nextInt(everything.size()));
                model.set(spec, allow);
                return (allow ? "+" : "-") + spec.name();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void rulesAgreeWithTheModelAndTheirDescriptionRebuildsThem(long seed) {
        Seeded.run(seed, random -> {
            AclUser user = new AclUser("u");
            Model model = new Model();
            int rules = 1 + random.nextInt(12);
            StringBuilder applied = new StringBuilder();
            for (int i = 0; i < rules; i++) {
                String rule = randomRule(random, model);
                applied.append(rule).append(' ');
                user.apply(rule, CATALOG);
            }
            String description = user.describeCommands(CATALOG);
            AclUser rebuilt = new AclUser("r");
            for (String rule : description.split(" ")) {
                rebuilt.apply(rule, CATALOG);
            }
            for (CommandSpec spec : CATALOG.everything()) {
                assertThat(user.mayRun(spec)).as("%s after %s", spec.name(), applied).isEqualTo(model.bits.get(spec.name()));
                assertThat(rebuilt.mayRun(spec)).as("%s from '%s' after %s", spec.name(), description, applied)
                        .isEqualTo(model.bits.get(spec.name()));
            }
            assertThat(description).startsWith(model.future ? "+@all" : "-@all");
        });
    }

    @Test
    void describesWithTheBestFittingCategoriesThenSingleCommands() {
        AclUser user = new AclUser("u");
        for (String rule : List.of("-@all", "+@hash", "+get", "+client", "-client|kill")) {
            user.apply(rule, CATALOG);
        }
        assertThat(user.describeCommands(CATALOG)).isEqualTo("-@all +@read +client -client|kill +hset");
        user.apply("+@all", CATALOG);
        user.apply("-flushall", CATALOG);
        assertThat(user.describeCommands(CATALOG)).isEqualTo("+@all -flushall");
    }

    @Test
    void passwordsAreSha256AndNopassAcceptsAny() {
        AclUser user = new AclUser("u");
        user.apply("on", CATALOG);
        user.apply(">secret", CATALOG);
        assertThat(user.passwordHashes()).containsExactly(
                "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b");
        assertThat(user.accepts("secret")).isTrue();
        assertThat(user.accepts("other")).isFalse();
        user.apply("nopass", CATALOG);
        assertThat(user.accepts("other")).isTrue();
        user.apply("off", CATALOG);
        assertThat(user.accepts("other")).isFalse();
        assertThatThrownBy(() -> user.apply("#ABC", CATALOG)).hasMessageContaining("exactly 64 characters");
        assertThatThrownBy(() -> user.apply("+client|id|x", CATALOG)).hasMessage("Allowing first-arg of a subcommand is not supported");
        assertThatThrownBy(() -> user.apply("+get|x", CATALOG)).hasMessageContaining("forkline does not support");
        assertThatThrownBy(() -> user.apply("+client|", CATALOG)).hasMessage("Syntax error");
        assertThatThrownBy(() -> user.apply("+@nope", CATALOG)).hasMessage("Unknown command or category name in ACL");
        assertThatThrownBy(() -> user.apply("bogus", CATALOG)).hasMessage("Syntax error");
    }
}
