package io.forkline.pages;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live memory brings its views' class with it: the JIT then never compiles a call through {@link Memory} as if
 * {@link PagedMemory} were its only implementation, code the first fork would throw away while clients wait.
 */
class MappingClassesTest {

    /** Loads this module's classes itself, so that what a fresh server loads can be watched. */
    private static final class IsolatingLoader extends URLClassLoader {
        IsolatingLoader(URL classes) {
            super(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
        }

        boolean hasLoaded(String name) {
            return findLoadedClass(name) != null;
        }
    }

    @Test
    void initializingTheLiveMemoryLoadsTheViewClass() throws Exception {
        URL classes = PagedMemory.class.getProtectionDomain().getCodeSource().getLocation();
        try (IsolatingLoader loader = new IsolatingLoader(classes)) {
            assertThat(loader.hasLoaded(MemoryView.class.getName())).isFalse();

            Class.forName(PagedMemory.class.getName(), true, loader);

            assertThat(loader.hasLoaded(MemoryView.class.getName())).isTrue();
        }
    }
}
