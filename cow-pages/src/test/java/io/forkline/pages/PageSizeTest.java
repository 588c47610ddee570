package io.forkline.pages;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageSizeTest {

    @Test
    void parsesRedisStyleSizes() {
        assertThat(PageSize.parse("4kb")).isEqualTo(PageSize.KIB_4);
        assertThat(PageSize.parse("2MB")).isEqualTo(PageSize.MIB_2);
        assertThat(PageSize.parse("64k").bytes()).isEqualTo(65536);
        assertThat(PageSize.parse("8192").bytes()).isEqualTo(8192);
        assertThat(PageSize.MIB_2.shift()).isEqualTo(21);
        assertThat(PageSize.KIB_4.toString()).isEqualTo("4kb");
    }

    @Test
    void refusesSizesThatAreNotPowersOfTwoInRange() {
        assertThatThrownBy(() -> new PageSize(6000)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new PageSize(2048)).hasMessageContaining("4 KiB to 2 MiB");
        assertThatThrownBy(() -> PageSize.parse("4mb")).hasMessageContaining("power of two");
        assertThatThrownBy(() -> PageSize.parse("huge")).hasMessageContaining("not a page size");
    }
}
