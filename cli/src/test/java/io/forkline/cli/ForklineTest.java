package io.forkline.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ForklineTest {

    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(Forkline.LEAK_DETECTION);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(Forkline.LEAK_DETECTION);
        } else {
            System.setProperty(Forkline.LEAK_DETECTION, saved);
        }
    }

    @Test
    void theCommandLineRunsWithoutNettysLeakSampling() {
        System.clearProperty(Forkline.LEAK_DETECTION);

        Forkline.withoutNettyLeakSampling();

        assertEquals("disabled", System.getProperty(Forkline.LEAK_DETECTION));
    }

    @Test
    void aLeakDetectionLevelGivenOnTheJavaCommandLineIsKept() {
        System.setProperty(Forkline.LEAK_DETECTION, "paranoid");

        Forkline.withoutNettyLeakSampling();

        assertEquals("paranoid", System.getProperty(Forkline.LEAK_DETECTION));
    }
}
