package dev.darkroom.messaging;

/** One message in hand from a queue, until it is acknowledged, released or rejected. */
interface Inbound {

    byte[] body();

    Work.Attempt attempt();

    /** Its outcome is saved: the broker may forget it. */
    void ack();

    /** Given back untouched (this instance is stopping), so that it does not count as a failed delivery. */
    void release();

    /** Not a message of ours: dead-lettered, for an operator to look at. */
    void reject();
}
