package dev.darkroom.messaging;

/** Makes work queues: declares them on the broker and runs their consumers on this instance. */
public interface WorkQueues {

    WorkQueue define(WorkQueueSpec spec);
}
