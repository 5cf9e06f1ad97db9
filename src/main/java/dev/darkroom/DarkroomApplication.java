package dev.darkroom;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DarkroomApplication {

    public static void main(String[] args) {
        SpringApplication.run(DarkroomApplication.class, args);
    }
}
