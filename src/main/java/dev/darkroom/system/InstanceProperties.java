package dev.darkroom.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What this instance does: serve the API, run jobs, or both. One jar, so compose scales workers
 * by running more of the same image with {@code DARKROOM_ROLE=worker}.
 */
@ConfigurationProperties("darkroom")
public record InstanceProperties(@DefaultValue("both") Role role) {

    public enum Role {
        api, worker, both;

        public boolean servesApi() {
            return this != worker;
        }

        public boolean runsJobs() {
            return this != api;
        }
    }
}
