package io.crowdsurf.quiz.function;

import io.quarkus.funqy.Funq;

public class Ping {
    @Funq
    public String ping(String in) {
        return "pong:" + in;
    }
}
