package io.forkline.engine.command;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyTest {

    @Test
    void parsesRedisClassLetters() {
        assertThat(Notify.parse("")).isZero();
        assertThat(Notify.parse("KEA")).isEqualTo(Notify.KEYSPACE | Notify.KEYEVENT | Notify.ALL);
        assertThat(Notify.parse("Eg$")).isEqualTo(Notify.KEYEVENT | Notify.GENERIC | Notify.STRING);
        assertThat(Notify.parse("Kmn")).isEqualTo(Notify.KEYSPACE | Notify.KEY_MISS | Notify.NEW);
        assertThat(Notify.parse("A") & (Notify.KEY_MISS | Notify.NEW)).as("A excludes m and n").isZero();
        assertThat(Notify.parse("KQ")).isEqualTo(-1);
        assertThat(Notify.parse("k")).isEqualTo(-1);
    }

    @Test
    void formatsInRedisOrder() {
        assertThat(Notify.format(Notify.parse("EKg"))).isEqualTo("gKE");
        assertThat(Notify.format(Notify.parse("eKhzsxl$E"))).isEqualTo("$lshzxeKE");
        assertThat(Notify.format(Notify.parse("KA"))).isEqualTo("AK");
        assertThat(Notify.format(Notify.parse("mnE"))).isEqualTo("nEm");
        assertThat(Notify.format(Notify.parse("AnKE"))).isEqualTo("AKE");
        assertThat(Notify.format(0)).isEmpty();
    }
}
