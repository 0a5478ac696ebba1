package dev.jsonstream.http;

import dev.jsonstream.decoder.ErrorKind;
import dev.jsonstream.decoder.JsonDecodeException;

/**
 * A decode error in the words an HTTP client needs: what is wrong with the body. The decoder speaks of "the input"
 * and of values in general; here it is the request body, and a second root value is "more than one JSON value" in
 * the body (the decoder's own detail starts with those words). Where it was found ends the detail, as in the
 * decoder's message, and is also in the problem's {@code offset}, {@code line}, {@code column} and {@code pointer}
 * members for programs.
 */
final class BodyErrorWording {
    /** How the decoder's detail for a second root value begins. */
    static final String SECOND_VALUE = "more than one JSON value";

    /** "the input", "an input", "empty input": the decoder's word for what is, here, the body. */
    private static final java.util.regex.Pattern INPUT = java.util.regex.Pattern.compile("\\b(the|an|empty) input\\b");

    private BodyErrorWording() {
    }

    /** The detail, then where, as the decoder's message gives it ("at line L, column C (byte B), at POINTER"). */
    static String detail(JsonDecodeException e) {
        return what(e) + e.getMessage().substring(e.detail().length());
    }

    private static String what(JsonDecodeException e) {
        String d = INPUT.matcher(e.detail())
                .replaceAll(m -> m.group(1).equals("an") ? "a body" : m.group(1) + " body");
        if (e.kind() == ErrorKind.MALFORMED && d.startsWith(SECOND_VALUE)) {
            return "the body holds " + d;
        }
        return switch (e.kind()) {
            case MALFORMED -> "the body is not valid JSON: " + d;
            case INCOMPLETE -> d.startsWith("the body ends") ? d : "the body ends before its JSON value does: " + d;
            case LIMIT_EXCEEDED -> "the body is over a limit: " + d;
            case ENCODING -> "the body is not UTF-8 JSON: " + d;
        };
    }
}
