package dev.darkroom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How many event loops a started instance runs: at least 8, unless the operator said otherwise. */
class EventLoopsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.clearProperty(DarkroomApplication.EVENT_LOOPS);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(DarkroomApplication.EVENT_LOOPS);
        } else {
            System.setProperty(DarkroomApplication.EVENT_LOOPS, before);
        }
    }

    @Test
    void aSmallMachineGetsEightLoopsAndABigOneOnePerCore() {
        DarkroomApplication.eventLoops(2);
        assertThat(System.getProperty(DarkroomApplication.EVENT_LOOPS)).isEqualTo("8");

        System.clearProperty(DarkroomApplication.EVENT_LOOPS);
        DarkroomApplication.eventLoops(32);
        assertThat(System.getProperty(DarkroomApplication.EVENT_LOOPS)).isEqualTo("32");
    }

    @Test
    void theOperatorsNumberStands() {
        System.setProperty(DarkroomApplication.EVENT_LOOPS, "3");
        DarkroomApplication.eventLoops(2);
        assertThat(System.getProperty(DarkroomApplication.EVENT_LOOPS)).isEqualTo("3");
    }
}
