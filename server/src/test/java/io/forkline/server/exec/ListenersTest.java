package io.forkline.server.exec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListenersTest {

    private final Listeners<Runnable> listeners = new Listeners<>(new Runnable[0]);
    private final List<String> told = new ArrayList<>();

    private Runnable saying(String name) {
        return () -> told.add(name);
    }

    private void tell() {
        for (Runnable listener : listeners.active()) {
            listener.run();
        }
    }

    @Test
    void listenersAreToldInTheOrderTheyWereAdded() {
        listeners.add(saying("a"));
        listeners.add(saying("b"));
        listeners.add(saying("c"));
        tell();
        assertEquals(List.of("a", "b", "c"), told);
    }

    @Test
    void aListenerStandingAsideIsNotToldAndComesBackInItsPlace() {
        listeners.add(saying("a"));
        Listening b = listeners.add(saying("b"));
        listeners.add(saying("c"));
        b.active(false);
        tell();
        assertEquals(List.of("a", "c"), told);
        told.clear();
        b.active(true);
        tell();
        assertEquals(List.of("a", "b", "c"), told);
    }

    @Test
    void aChangeDuringALoopCountsFromTheNextLoop() {
        Listening[] second = new Listening[1];
        listeners.add(() -> {
            told.add("a");
            second[0].active(false);
        });
        second[0] = listeners.add(saying("b"));
        tell();
        assertEquals(List.of("a", "b"), told, "b was active when the loop began");
        told.clear();
        tell();
        assertEquals(List.of("a"), told);
    }

    @Test
    void turningOnWhatIsOnChangesNothing() {
        Listening a = listeners.add(saying("a"));
        Runnable[] before = listeners.active();
        a.active(true);
        assertSame(before, listeners.active());
    }

    @Test
    void noListenersIsAnEmptyArray() {
        assertArrayEquals(new Runnable[0], listeners.active());
        listeners.add(saying("a")).active(false);
        assertEquals(0, listeners.active().length);
    }

    @Test
    void theEmptyArrayMustBeEmpty() {
        assertThrows(IllegalArgumentException.class, () -> new Listeners<>(new Runnable[1]));
    }
}
