package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message the decoder words, pinned: one input per distinct message (each problem {@link SyntaxMessages}
 * knows, each thing that may be expected, each way of describing what was found, end-of-input, framing, encoding,
 * UTF-8 and limit errors), with its exact kind, offset, line, column, pointer and detail, the same under every split
 * and buffer kind of {@link Feeds}. Then, over JSONTestSuite's n_ files and mutated documents, that no message
 * carries Jackson's words or the API's names and that each says what was expected in one of the project's shapes.
 */
class ErrorMessagesTest {

    /**
     * Configuration, input, and the error as {@link #describe} writes it. Inputs are UTF-8 but for {@code %XX},
     * which is the raw byte XX. Configurations: single (the default), concat, seq, replace (malformed UTF-8
     * replaced), or LIMIT=value (MAX_ROOT_VALUES under concat; the capture limits with a selection of /a).
     */
    static final String[][] CASES = {
        // a character where another was expected: what is expected follows from the decoder's state
        {"single", "[1}", "MALFORMED @2 1:3 /1 | expected ',' or ']' after an array element, found '}'"},
        {"single", "{\"a\" 1}", "MALFORMED @5 1:6 /a | expected ':' after a member name, found '1'"},
        {"single", "{1:2}", "MALFORMED @1 1:2 (root) | expected a member name in double quotes or '}', found '1'"},
        {"single", "{\"a\":}", "MALFORMED @5 1:6 /a | expected a value, found '}'"},
        {"single", "{\"a\":]", "MALFORMED @5 1:6 /a | expected a value, found ']'"},
        {"single", "[1,]", "MALFORMED @3 1:4 /1 | expected a value, found ']'"},
        {"single", "{\"a\":1,}", "MALFORMED @7 1:8 /a | expected a member name in double quotes, found '}'"},
        {"single", "[,1]", "MALFORMED @1 1:2 /0 | expected a value or ']', found ','"},
        {"single", "]", "MALFORMED @0 1:1 (root) | expected a value, found ']'"},
        {"single", "{\"a\":1]", "MALFORMED @6 1:7 /a | expected ',' or '}' after an object member, found ']'"},
        {"single", "{\"a\":1 \"b\":2}", "MALFORMED @7 1:8 /a | expected ',' or '}' after an object member, found '\"'"},
        {"single", "{\"a\",1}", "MALFORMED @4 1:5 /a | expected ':' after a member name, found ','"},
        {"single", "{]", "MALFORMED @1 1:2 (root) | expected a member name in double quotes or '}', found ']'"},
        {"single", "[}", "MALFORMED @1 1:2 /0 | expected a value or ']', found '}'"},
        {"single", "['a']", "MALFORMED @1 1:2 /0 | expected a value or ']', found '''"},
        {"single", "{a:1}", "MALFORMED @1 1:2 (root) | expected a member name in double quotes or '}', found 'a'"},
        // what was found, described: comments, non-ASCII, control characters, whitespace
        {"single", "[/* c */1]", "MALFORMED @1 1:2 /0 | expected a value or ']', found '/'"},
        {"single", "[#]", "MALFORMED @1 1:2 /0 | expected a value or ']', found '#'"},
        {"single", "[\u00e9]", "MALFORMED @1 1:2 /0 | expected a value or ']', found U+00E9"},
        {"single", "[\"a\"\u00e9]", "MALFORMED @4 1:5 /1 | expected ',' or ']' after an array element, found U+00E9"},
        {"single", "{\"a\":\uD83D\uDE00}", "MALFORMED @5 1:6 /a | expected a value, found U+1F600"},
        {"single", "[\u0001]", "MALFORMED @1 1:2 /0 | expected a value or ']', found the control character U+0001"},
        {"single", "[1,\u0001]", "MALFORMED @3 1:4 /1 | expected a value, found the control character U+0001"},
        {"single", "{\"a\"\u000c:1}",
            "MALFORMED @4 1:5 /a | expected ':' after a member name, found the control character U+000C"},
        {"single", "\u007f", "MALFORMED @0 1:1 (root) | expected a value, found the control character U+007F"},
        {"single", "[- 1]", "MALFORMED @2 1:3 /0 | expected a digit after '-', found a space"},
        {"single", "[-\t1]", "MALFORMED @2 1:3 /0 | expected a digit after '-', found a tab (U+0009)"},
        {"single", "[-\n1]", "MALFORMED @2 1:3 /0 | expected a digit after '-', found a line feed (U+000A)"},
        {"single", "[-\r1]", "MALFORMED @2 1:3 /0 | expected a digit after '-', found a carriage return (U+000D)"},
        // at the top level between values; a first character Jackson took for the start of a byte order mark
        {"concat", "1 ]", "MALFORMED @2 1:3 (root) | expected a value, found ']'"},
        {"concat", "[1] ,", "MALFORMED @4 1:5 (root) | expected a value, found ','"},
        {"single", "%EF%BF%BD", "MALFORMED @0 1:1 (root) | expected a value, found U+FFFD"},
        {"single", "%EF%BB%BF%EF%BF%BD", "MALFORMED @3 1:4 (root) | expected a value, found U+FFFD"},
        {"single", "%EF%BB%80", "MALFORMED @0 1:1 (root) | expected a value, found U+FEC0"},
        // words: true, false and null cut short, unknown words, NaN and Infinity (located at the word)
        {"single", "tru", "INCOMPLETE @0 1:1 (root) | the input ends inside the word 'tru': expected 'true'"},
        {"single", "[fals", "INCOMPLETE @1 1:2 (root) | the input ends inside the word 'fals': expected 'false'"},
        {"single", "{\"a\":n", "INCOMPLETE @5 1:6 (root) | the input ends inside the word 'n': expected 'null'"},
        {"single", "[tru]", "MALFORMED @1 1:2 /0 | expected a value, found the word 'tru'"},
        {"single", "[trux]", "MALFORMED @1 1:2 /0 | expected a value, found the word 'trux'"},
        {"single", "truex", "MALFORMED @0 1:1 (root) | expected a value, found the word 'truex'"},
        {"single", "[1, falsey]", "MALFORMED @4 1:5 /1 | expected a value, found the word 'falsey'"},
        {"single", "[tru\u00e9]", "MALFORMED @1 1:2 /0 | expected a value, found the word 'tru\\u00E9'"},
        {"single", "[t\u0001]", "MALFORMED @1 1:2 /0 | expected a value, found the word 't\\u0001'"},
        {"single", "[trrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr]",
            "MALFORMED @1 1:2 /0 | expected a value, found the word 'trrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr...'"},
        {"single", "True", "MALFORMED @0 1:1 (root) | expected a value, found 'T'"},
        {"single", "NaN",
            "MALFORMED @0 1:1 (root) | expected a value, found the word 'NaN' (JSON has no NaN or Infinity)"},
        {"single", "[NaN]",
            "MALFORMED @1 1:2 /0 | expected a value, found the word 'NaN' (JSON has no NaN or Infinity)"},
        {"single", "[Infinity]",
            "MALFORMED @1 1:2 /0 | expected a value, found the word 'Infinity' (JSON has no NaN or Infinity)"},
        {"single", "-Infinity",
            "MALFORMED @0 1:1 (root) | expected a value, found the word '-Infinity' (JSON has no NaN or Infinity)"},
        {"single", "+Infinity",
            "MALFORMED @0 1:1 (root) | expected a value, found the word '+Infinity' (JSON has no NaN or Infinity)"},
        {"concat", "1 NaN",
            "MALFORMED @2 1:3 (root) | expected a value, found the word 'NaN' (JSON has no NaN or Infinity)"},
        // numbers (located at the offending character; a plus sign at the sign)
        {"single", "01",
            "MALFORMED @1 1:2 (root) | expected '.', 'e' or the end of the number after a leading 0, found '1'"},
        {"single", "[-01]",
            "MALFORMED @3 1:4 /0 | expected '.', 'e' or the end of the number after a leading 0, found '1'"},
        {"single", "[00]",
            "MALFORMED @2 1:3 /0 | expected '.', 'e' or the end of the number after a leading 0, found '0'"},
        {"single", "1.",
            "INCOMPLETE @2 1:3 (root) | the input ends inside a number: expected a digit after the decimal point"},
        {"single", "[1.]", "MALFORMED @3 1:4 /0 | expected a digit after the decimal point, found ']'"},
        {"single", "[1.e5]", "MALFORMED @3 1:4 /0 | expected a digit after the decimal point, found 'e'"},
        {"single", "1e", "INCOMPLETE @2 1:3 (root) | the input ends inside a number: expected a digit in the exponent"},
        {"single", "[1e]", "MALFORMED @3 1:4 /0 | expected a digit in the exponent, found ']'"},
        {"single", "[1E+]", "MALFORMED @4 1:5 /0 | expected a digit in the exponent, found ']'"},
        {"single", "[1e+a]", "MALFORMED @4 1:5 /0 | expected a digit in the exponent, found 'a'"},
        {"single", "[1, 1e-",
            "INCOMPLETE @7 1:8 (root) | the input ends inside a number: expected a digit in the exponent"},
        {"single", "-", "INCOMPLETE @1 1:2 (root) | the input ends inside a number: expected a digit after '-'"},
        {"single", "[-]", "MALFORMED @2 1:3 /0 | expected a digit after '-', found ']'"},
        {"single", "[-a]", "MALFORMED @2 1:3 /0 | expected a digit after '-', found 'a'"},
        {"single", "-NaN", "MALFORMED @1 1:2 (root) | expected a digit after '-', found 'N'"},
        {"single", "+1", "MALFORMED @0 1:1 (root) | expected a value, found '+' (a number may not begin with '+')"},
        {"single", "[+1]", "MALFORMED @1 1:2 /0 | expected a value, found '+' (a number may not begin with '+')"},
        {"single", "[+]", "MALFORMED @1 1:2 /0 | expected a value, found '+' (a number may not begin with '+')"},
        {"single", "+", "MALFORMED @0 1:1 (root) | expected a value, found '+' (a number may not begin with '+')"},
        {"single", ".5", "MALFORMED @0 1:1 (root) | expected a value, found '.'"},
        {"single", "[1.5.3]", "MALFORMED @4 1:5 /1 | expected ',' or ']' after an array element, found '.'"},
        {"single", "[0x1]", "MALFORMED @2 1:3 /1 | expected ',' or ']' after an array element, found 'x'"},
        {"single", "1x",
            "MALFORMED @1 1:2 (root) | expected whitespace or the end of the input after a top-level number, found"
                + " 'x'"},
        {"single", "1.2.3",
            "MALFORMED @3 1:4 (root) | expected whitespace or the end of the input after a top-level number, found"
                + " '.'"},
        {"concat", "123abc",
            "MALFORMED @3 1:4 (root) | expected whitespace or the end of the input after a top-level number, found"
                + " 'a'"},
        // inside strings and member names
        {"single", "[\"a\u0001\"]",
            "MALFORMED @3 1:4 /0 | a string may not hold the control character U+0001 unescaped"},
        {"single", "[\"\u001f\"]",
            "MALFORMED @2 1:3 /0 | a string may not hold the control character U+001F unescaped"},
        {"single", "[\"a\tb\"]", "MALFORMED @3 1:4 /0 | a string may not hold a tab (U+0009) unescaped"},
        {"single", "[\"a\nb\"]", "MALFORMED @3 1:4 /0 | a string may not hold a line feed (U+000A) unescaped"},
        {"single", "{\"a\u0000\":1}",
            "MALFORMED @3 1:4 (root) | a member name may not hold the control character U+0000 unescaped"},
        {"single", "[\"\\x\"]", "MALFORMED @3 1:4 /0 | invalid escape '\\x' in a string"},
        {"single", "{\"\\x\":1}", "MALFORMED @3 1:4 (root) | invalid escape '\\x' in a member name"},
        {"single", "[\"\\'\"]", "MALFORMED @3 1:4 /0 | invalid escape '\\'' in a string"},
        {"single", "[\"\\\u00e9\"]", "MALFORMED @3 1:4 /0 | invalid escape in a string: '\\' followed by U+00E9"},
        {"single", "[\"\\\u0001\"]",
            "MALFORMED @3 1:4 /0 | invalid escape in a string: '\\' followed by the control character U+0001"},
        {"single", "[\"\\u12x4\"]",
            "MALFORMED @6 1:7 /0 | invalid escape in a string: expected four hex digits after '\\u', found 'x'"},
        {"single", "[\"\\u\"]",
            "MALFORMED @4 1:5 /0 | invalid escape in a string: expected four hex digits after '\\u', found '\"'"},
        {"single", "{\"\\uZ\":1}",
            "MALFORMED @4 1:5 (root) | invalid escape in a member name: expected four hex digits after '\\u', found"
                + " 'Z'"},
        {"single", "{\"\\uDC00\":1}",
            "MALFORMED @8 1:9 (root) | invalid escape in a member name: a low surrogate (\\uDC00 to \\uDFFF)"
                + " without a high surrogate before it"},
        {"single", "{\"\\uD800\":1}",
            "MALFORMED @9 1:10 (root) | invalid escape in a member name: expected a low surrogate (\\uDC00 to"
                + " \\uDFFF) after a high surrogate"},
        {"single", "{\"\\uD800\\u0041\":1}",
            "MALFORMED @14 1:15 (root) | invalid escape in a member name: expected a low surrogate (\\uDC00 to"
                + " \\uDFFF) after a high surrogate"},
        // the input ends inside a string, or before a container is closed, or before any value
        {"single", "\"abc", "INCOMPLETE @4 1:5 (root) | the input ends inside the string that began at byte 0"},
        {"single", "[\"abc", "INCOMPLETE @5 1:6 (root) | the input ends inside the string that began at byte 1"},
        {"single", "{\"ab", "INCOMPLETE @4 1:5 (root) | the input ends inside the member name that began at byte 1"},
        {"single", "{\"a\":\"b", "INCOMPLETE @7 1:8 (root) | the input ends inside the string that began at byte 5"},
        {"single", "\"\\",
            "INCOMPLETE @2 1:3 (root) | the input ends inside an escape in the string that began at byte 0"},
        {"single", "{\"\\u12",
            "INCOMPLETE @6 1:7 (root) | the input ends inside an escape in the member name that began at byte 1"},
        {"single", "[",
            "INCOMPLETE @1 1:2 (root) | the input ends before the array that began at byte 0 is closed: expected a"
                + " value or ']'"},
        {"single", "{",
            "INCOMPLETE @1 1:2 (root) | the input ends before the object that began at byte 0 is closed: expected a"
                + " member name in double quotes or '}'"},
        {"single", "[1",
            "INCOMPLETE @2 1:3 (root) | the input ends before the array that began at byte 0 is closed: expected"
                + " ',' or ']' after an array element"},
        {"single", "[1,",
            "INCOMPLETE @3 1:4 (root) | the input ends before the array that began at byte 0 is closed: expected a"
                + " value"},
        {"single", "{\"a\"",
            "INCOMPLETE @4 1:5 (root) | the input ends before the object that began at byte 0 is closed: expected"
                + " ':' after a member name"},
        {"single", "{\"a\":",
            "INCOMPLETE @5 1:6 (root) | the input ends before the object that began at byte 0 is closed: expected a"
                + " value"},
        {"single", "{\"a\":1",
            "INCOMPLETE @6 1:7 (root) | the input ends before the object that began at byte 0 is closed: expected"
                + " ',' or '}' after an object member"},
        {"single", "{\"a\":1,",
            "INCOMPLETE @7 1:8 (root) | the input ends before the object that began at byte 0 is closed: expected a"
                + " member name in double quotes"},
        {"single", "{\"a\": [1, {\"b\": [",
            "INCOMPLETE @17 1:18 /a/1/b | the input ends before the array that began at byte 16 is closed: expected"
                + " a value or ']'"},
        {"concat", "1\n{\"a\":",
            "INCOMPLETE @7 2:6 (root) | the input ends before the object that began at byte 2 is closed: expected a"
                + " value"},
        {"single", "", "INCOMPLETE @0 1:1 (root) | expected a JSON value, found an empty input"},
        {"single", "   \n ", "INCOMPLETE @5 2:2 (root) | expected a JSON value, found only whitespace"},
        {"single", "%EF%BB%BF", "INCOMPLETE @3 1:4 (root) | expected a JSON value, found an empty input"},
        // SINGLE: more than one value
        {"single", "[1][2]",
            "MALFORMED @3 1:4 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found '['"},
        {"single", "[] []",
            "MALFORMED @3 1:4 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found '['"},
        {"single", "{}\n\n  x",
            "MALFORMED @6 3:3 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found 'x'"},
        {"single", "1 2",
            "MALFORMED @2 1:3 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found '2'"},
        {"single", "\"a\" \u00e9",
            "MALFORMED @4 1:5 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found byte 0xC3"},
        {"single", "[] \u0000",
            "MALFORMED @3 1:4 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found the control character U+0000"},
        {"single", "[1,2]]",
            "MALFORMED @5 1:6 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found ']'"},
        // JSON_SEQ records
        {"seq", "{}\n",
            "MALFORMED @0 1:1 (root) | expected the record separator RS (0x1E) before the first record, found '{'"},
        {"seq", " %C3%A9",
            "MALFORMED @1 1:2 (root) | expected the record separator RS (0x1E) before the first record, found byte"
                + " 0xC3"},
        {"seq", "\u001e1 2\n",
            "MALFORMED @3 1:4 (root) | more than one JSON value in the record that began at byte 0: expected only"
                + " whitespace after its value, found '2'"},
        {"seq", "\u001e[1]]\n",
            "MALFORMED @4 1:5 (root) | more than one JSON value in the record that began at byte 0: expected only"
                + " whitespace after its value, found ']'"},
        {"seq", "\u001e{\"a\":\n\u001e{}\n",
            "INCOMPLETE @7 2:1 /a | expected the rest of the JSON text of the record that began at byte 0, found"
                + " the next record separator RS"},
        {"seq", "\u001e\"ab\u001e\n",
            "INCOMPLETE @4 1:5 (root) | expected the rest of the JSON text of the record that began at byte 0,"
                + " found the next record separator RS"},
        {"seq", "\u001e{}\u001e{}\n",
            "MALFORMED @3 1:4 (root) | expected LF at the end of the record that began at byte 0, found the next"
                + " record separator RS"},
        {"seq", "\u001e{}\n\u001e12",
            "MALFORMED @7 2:4 (root) | expected LF at the end of the record that began at byte 4, found the end of"
                + " the input"},
        {"seq", "\u001e-\u001e\n",
            "MALFORMED @2 1:3 (root) | expected a digit after '-', found the record separator RS (U+001E)"},
        {"seq", "\u001e[1,",
            "INCOMPLETE @4 1:5 (root) | the input ends before the array that began at byte 1 is closed: expected a"
                + " value"},
        {"seq", "\u001e{}\n %C3",
            "MALFORMED @5 2:2 (root) | more than one JSON value in the record that began at byte 0: expected only"
                + " whitespace after its value, found byte 0xC3"},
        // malformed UTF-8, strict (outside a string too: a lead byte Jackson saw is the UTF-8 error it is)
        {"single", "[\"%C0%80\"]",
            "MALFORMED @2 1:3 /0 | invalid UTF-8: found byte 0xC0, which never appears in UTF-8 (it could only"
                + " begin an overlong form)"},
        {"single", "[\"%C1%BF\"]",
            "MALFORMED @2 1:3 /0 | invalid UTF-8: found byte 0xC1, which never appears in UTF-8 (it could only"
                + " begin an overlong form)"},
        {"single", "[\"%E0%80%80\"]",
            "MALFORMED @3 1:4 /0 | invalid UTF-8: expected 0xA0 to 0xBF after 0xE0, found 0x80 (an overlong form)"},
        {"single", "[\"%F0%80%80%80\"]",
            "MALFORMED @3 1:4 /0 | invalid UTF-8: expected 0x90 to 0xBF after 0xF0, found 0x80 (an overlong form)"},
        {"single", "[\"%ED%A0%80\"]",
            "MALFORMED @3 1:4 /0 | invalid UTF-8: expected 0x80 to 0x9F after 0xED, found 0xA0 (an encoded"
                + " surrogate)"},
        {"single", "[\"%F4%90%80%80\"]",
            "MALFORMED @3 1:4 /0 | invalid UTF-8: expected 0x80 to 0x8F after 0xF4, found 0x90 (a character beyond"
                + " U+10FFFF)"},
        {"single", "[\"%F5%80%80%80\"]",
            "MALFORMED @2 1:3 /0 | invalid UTF-8: found byte 0xF5, which never appears in UTF-8"},
        {"single", "[\"%FF\"]", "MALFORMED @2 1:3 /0 | invalid UTF-8: found byte 0xFF, which never appears in UTF-8"},
        {"single", "[\"%80\"]",
            "MALFORMED @2 1:3 /0 | invalid UTF-8: expected the first byte of a character, found the continuation"
                + " byte 0x80"},
        {"single", "[\"%E2%82\"]",
            "MALFORMED @4 1:5 /0 | invalid UTF-8: expected a continuation byte (0x80 to 0xBF) of the character that"
                + " 0xE2 began at byte 2, found 0x22"},
        {"single", "{\"%C3A\":1}",
            "MALFORMED @3 1:4 (root) | invalid UTF-8: expected a continuation byte (0x80 to 0xBF) of the character"
                + " that 0xC3 began at byte 2, found 0x41"},
        {"single", "\"%E2%82",
            "MALFORMED @3 1:4 (root) | invalid UTF-8: expected the rest of the character that 0xE2 began at byte 1,"
                + " found the end of the input"},
        {"single", "[%C3]",
            "MALFORMED @2 1:3 /0 | invalid UTF-8: expected a continuation byte (0x80 to 0xBF) of the character that"
                + " 0xC3 began at byte 1, found 0x5D"},
        {"single", "[1,%E2%82]",
            "MALFORMED @5 1:6 /1 | invalid UTF-8: expected a continuation byte (0x80 to 0xBF) of the character that"
                + " 0xE2 began at byte 3, found 0x5D"},
        // malformed UTF-8 replaced: U+FFFD is no JSON outside strings
        {"replace", "[1,%FF]", "MALFORMED @3 1:4 /1 | expected a value, found U+FFFD"},
        {"replace", "{\"a\"%FF:1}", "MALFORMED @4 1:5 /a | expected ':' after a member name, found U+FFFD"},
        {"replace", "%FF", "MALFORMED @0 1:1 (root) | expected a value, found U+FFFD"},
        {"replace", "\"a%E2%82", "INCOMPLETE @4 1:5 (root) | the input ends inside the string that began at byte 0"},
        {"replace", "[1] %FF",
            "MALFORMED @4 1:5 (root) | more than one JSON value: expected the end of the input after the root"
                + " value, found byte 0xFF"},
        // not UTF-8
        {"single", "%FE%FF%00[%00]",
            "ENCODING @0 1:1 (root) | expected UTF-8, found the UTF-16BE byte order mark (the input begins FE FF)"},
        {"single", "%FF%FE[%00]%00",
            "ENCODING @0 1:1 (root) | expected UTF-8, found the UTF-16LE byte order mark (the input begins FF FE 5B"
                + " 00)"},
        {"single", "%00[%00]",
            "ENCODING @0 1:1 (root) | expected UTF-8, found bytes that look like UTF-16BE (the input begins 00 5B)"},
        {"single", "[%00]%00",
            "ENCODING @0 1:1 (root) | expected UTF-8, found bytes that look like UTF-16LE (the input begins 5B 00"
                + " 5D 00)"},
        {"single", "%00%00%001",
            "ENCODING @0 1:1 (root) | expected UTF-8, found bytes that look like UTF-32BE (the input begins 00 00"
                + " 00 31)"},
        {"single", "1%00%00%00",
            "ENCODING @0 1:1 (root) | expected UTF-8, found bytes that look like UTF-32LE (the input begins 31 00"
                + " 00 00)"},
        {"single", "%00%00%FE%FF%00%00%001",
            "ENCODING @0 1:1 (root) | expected UTF-8, found the UTF-32BE byte order mark (the input begins 00 00 FE"
                + " FF)"},
        {"single", "%FF%FE%00%001%00%00%00",
            "ENCODING @0 1:1 (root) | expected UTF-8, found the UTF-32LE byte order mark (the input begins FF FE 00"
                + " 00)"},
        // every limit, plural and singular
        {"MAX_DEPTH=3", "{\"a\":[[{\"b\":1}]]}",
            "LIMIT_EXCEEDED MAX_DEPTH=3 @7 1:8 /a/0/0 | nesting deeper than 3 levels"},
        {"MAX_DEPTH=1", "[[1]]", "LIMIT_EXCEEDED MAX_DEPTH=1 @1 1:2 /0 | nesting deeper than 1 level"},
        {"MAX_STRING_LENGTH=10", "[0, \"12345678901\"]",
            "LIMIT_EXCEEDED MAX_STRING_LENGTH=10 @4 1:5 /1 | a string longer than 10 characters"},
        {"MAX_STRING_LENGTH=1", "[\"12\"]",
            "LIMIT_EXCEEDED MAX_STRING_LENGTH=1 @1 1:2 /0 | a string longer than 1 character"},
        {"MAX_NUMBER_LENGTH=5", "{\"n\": -123456}",
            "LIMIT_EXCEEDED MAX_NUMBER_LENGTH=5 @6 1:7 /n | a number with more than 5 digits"},
        {"MAX_NUMBER_LENGTH=1", "[12]",
            "LIMIT_EXCEEDED MAX_NUMBER_LENGTH=1 @1 1:2 /0 | a number with more than 1 digit"},
        {"MAX_NAME_LENGTH=3", "{\"a\":{\"abcd\":1}}",
            "LIMIT_EXCEEDED MAX_NAME_LENGTH=3 @6 1:7 /a | a member name longer than 3 characters"},
        {"MAX_NAME_LENGTH=1", "{\"ab\":1}",
            "LIMIT_EXCEEDED MAX_NAME_LENGTH=1 @1 1:2 (root) | a member name longer than 1 character"},
        {"MAX_INPUT_BYTES=5", "[1,2,3]", "LIMIT_EXCEEDED MAX_INPUT_BYTES=5 @5 1:6 /2 | an input longer than 5 bytes"},
        {"MAX_INPUT_BYTES=1", "[1,2,3]", "LIMIT_EXCEEDED MAX_INPUT_BYTES=1 @1 1:2 /0 | an input longer than 1 byte"},
        {"MAX_TOKENS=3", "[1,2,3]", "LIMIT_EXCEEDED MAX_TOKENS=3 @5 1:6 /2 | more than 3 tokens"},
        {"MAX_TOKENS=1", "[1,2,3]", "LIMIT_EXCEEDED MAX_TOKENS=1 @1 1:2 /0 | more than 1 token"},
        {"MAX_ROOT_VALUES=2", "1 2 [3]",
            "LIMIT_EXCEEDED MAX_ROOT_VALUES=2 @4 1:5 (root) | more than 2 top-level values"},
        {"MAX_ROOT_VALUES=1", "1 2 [3]",
            "LIMIT_EXCEEDED MAX_ROOT_VALUES=1 @2 1:3 (root) | more than 1 top-level value"},
        {"MAX_CAPTURE_BYTES=5", "{\"a\":[1,2,3,4]}",
            "LIMIT_EXCEEDED MAX_CAPTURE_BYTES=5 @5 1:6 /a | a selected value longer than 5 bytes"},
        {"MAX_CAPTURE_TOKENS=3", "{\"a\":[1,2,3,4]}",
            "LIMIT_EXCEEDED MAX_CAPTURE_TOKENS=3 @5 1:6 /a | a selected value of more than 3 tokens"},
        {"MAX_CAPTURE_TOKENS=1", "{\"a\":[1,2,3,4]}",
            "LIMIT_EXCEEDED MAX_CAPTURE_TOKENS=1 @5 1:6 /a | a selected value of more than 1 token"},
    };

    static Stream<Arguments> cases() {
        return Stream.of(CASES).map(c -> Arguments.of(c[0], c[1], c[2]));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void theMessageIsPinnedAndTheSameForEverySplit(String config, String input, String expected) {
        assertThat(outcome(config, input)).isEqualTo(expected);
    }

    /** The error for {@code input} under {@code config}, after checking that every feeding plan gives the same. */
    static String outcome(String config, String input) {
        byte[] bytes = bytes(input);
        String pattern = config.startsWith("MAX_CAPTURE") ? "/a" : null;
        DecoderConfig c = config(config);
        if (pattern == null) {
            return describe(Decode.error(c, bytes));
        }
        // A selection serves one decoder: each plan gets its own, under both direct-buffer strategies.
        String first = null;
        int i = 0;
        for (Feeds.Plan plan : Feeds.plans(bytes.length, 300, 60, 10, bytes.length)) {
            DecoderConfig variant = c.toBuilder().directBufferFeeding(DirectBufferFeeding.values()[i++ % 2]).build();
            JsonDecoder decoder = variant.newDecoder(Selection.builder().raw(pattern, m -> { }).build());
            JsonDecodeException e = Feeds.run(decoder, bytes, plan);
            assertThat(e).as("decoding must fail (%s)", plan).isNotNull();
            String d = describe(e);
            if (first == null) {
                first = d;
            }
            assertThat(d).as("plan %s", plan).isEqualTo(first);
        }
        return first;
    }

    static DecoderConfig config(String name) {
        DecoderConfig.Builder b = DecoderConfig.builder();
        switch (name) {
            case "single":
                return b.build();
            case "concat":
                return b.framing(Framing.CONCATENATED).build();
            case "seq":
                return b.framing(Framing.JSON_SEQ).build();
            case "replace":
                return b.malformedUtf8(MalformedUtf8.REPLACE).build();
            default:
                String[] kv = name.split("=");
                Limit limit = Limit.valueOf(kv[0]);
                if (limit == Limit.MAX_ROOT_VALUES) {
                    b.framing(Framing.CONCATENATED);
                }
                return b.limit(limit, Long.parseLong(kv[1])).build();
        }
    }

    /** UTF-8 of {@code s}, but {@code %XX} is the byte XX. */
    static byte[] bytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    static String describe(JsonDecodeException e) {
        return e.kind() + (e.limit() == null ? "" : " " + e.limit() + "=" + e.limitValue()) + " @" + e.byteOffset()
                + " " + e.line() + ":" + e.column() + " " + (e.pointer().isEmpty() ? "(root)" : e.pointer()) + " | "
                + e.detail();
    }

    // ---- no message in anyone else's words ----

    /** What a message may not contain: Jackson's words and names, and the API's and configuration's names. */
    static List<String> forbidden() {
        List<String> f = new ArrayList<>(List.of("Jackson", "Source:", "REDACTED", "#UNKNOWN", "code ", "Feature",
                "JsonToken", "JsonParser", "CONCATENATED", "SINGLE", "JSON_SEQ", "Framing", "was expecting",
                "JSON String, Number", "CTRL-CHAR", "another character"));
        for (Limit l : Limit.values()) {
            f.add(l.configName());
        }
        return f;
    }

    /**
     * The shapes of a detail: what was expected and found, or what went over a limit, or where the input ended.
     * ("another character" is the wording for a character the decoder no longer holds, which it always should.)
     */
    private static final String[] SHAPES = {"expected ", "the input ends ", "more than one JSON value",
        "invalid UTF-8: ", "invalid escape ", "a string may not hold ", "a member name may not hold "};

    /** A character that could end a line of a log, or pass for another, if a message held it raw. */
    private static final java.util.regex.Pattern ONE_LINE_BREAKER =
            java.util.regex.Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F\\u2028\\u2029]");

    /** Checks one decode's error, if any; returns a line describing what is wrong with it, or null. */
    static String offence(String what, JsonDecodeException e) {
        if (e == null) {
            return null;
        }
        // The message is the detail and the location; the pointer is the input's own names, their control
        // characters escaped so that the message stays one line.
        String m = e.detail();
        String location = " at line " + e.line() + ", column " + e.column() + " (byte " + e.byteOffset() + "), at "
                + (e.pointer().isEmpty() ? "(root)" : JsonDecodeException.escapeControls(e.pointer()));
        if (!e.getMessage().equals(m + location)) {
            return what + ": not the detail and the location: " + e.getMessage();
        }
        if (ONE_LINE_BREAKER.matcher(e.getMessage()).find()) {
            return what + ": not one line: " + e.getMessage();
        }
        for (String f : forbidden()) {
            if (m.contains(f)) {
                return what + ": contains \"" + f + "\": " + m;
            }
        }
        if (!m.matches("[\\x20-\\x7E]*")) {
            return what + ": not one line of printable ASCII: " + m;
        }
        if (e.detail().length() > 160) {
            return what + ": longer than 160 characters: " + e.detail();
        }
        if (e.kind() != ErrorKind.LIMIT_EXCEEDED && Stream.of(SHAPES).noneMatch(e.detail()::startsWith)) {
            return what + ": not in one of the shapes: " + e.detail();
        }
        return null;
    }

    private static JsonDecodeException decode(DecoderConfig config, byte[] input) {
        try {
            JsonDecoder d = config.newDecoder(t -> { });
            d.feed(input, 0, input.length);
            d.end();
            return null;
        } catch (JsonDecodeException e) {
            return e;
        }
    }

    private static final List<DecoderConfig> EVERY_FRAMING = List.of(DecoderConfig.defaults(),
            config("concat"), config("seq"), config("replace"));

    @Test
    void noMessageOfTheNoFilesSpeaksJacksonOrTheApi() throws Exception {
        Path dir = Corpora.projectRoot().resolveSibling("shared").resolve("corpora/JSONTestSuite/test_parsing");
        assumeTrue(Files.isDirectory(dir), "skipped: " + dir + " is absent (a clone without ../shared runs without"
                + " it); the mutations below still run");
        List<String> offences = new ArrayList<>();
        int errors = 0;
        for (Path p : Corpora.files(dir, "[ni]_*.json")) {
            byte[] doc = Corpora.read(p);
            byte[] record = new byte[doc.length + 2];
            record[0] = 0x1E;
            System.arraycopy(doc, 0, record, 1, doc.length);
            record[doc.length + 1] = '\n';
            for (DecoderConfig config : EVERY_FRAMING) {
                for (byte[] input : List.of(doc, record)) {
                    JsonDecodeException e = decode(config, input);
                    errors += e == null ? 0 : 1;
                    String o = offence(p.getFileName() + " " + config.framing() + "/" + config.malformedUtf8(), e);
                    if (o != null) {
                        offences.add(o);
                    }
                }
            }
        }
        assertThat(offences).isEmpty();
        assertThat(errors).as("errors looked at").isGreaterThan(1000);
    }

    @Test
    void noMessageOfAMutatedDocumentSpeaksJacksonOrTheApi() {
        // Small limits too, so that every limit's message is among them.
        List<DecoderConfig> configs = new ArrayList<>(EVERY_FRAMING);
        for (Limit l : new Limit[] {Limit.MAX_DEPTH, Limit.MAX_STRING_LENGTH, Limit.MAX_NUMBER_LENGTH,
            Limit.MAX_NAME_LENGTH, Limit.MAX_TOKENS, Limit.MAX_INPUT_BYTES}) {
            configs.add(DecoderConfig.builder().limit(l, 3).build());
        }
        configs.add(DecoderConfig.builder().framing(Framing.CONCATENATED).limit(Limit.MAX_ROOT_VALUES, 1).build());
        Random r = new Random(20240611);
        List<String> offences = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < 20_000 && offences.size() < 10; i++) {
            byte[] input = JsonDocuments.document(r).bytes();
            for (int m = 1 + r.nextInt(3); m > 0; m--) {
                DecoderProperties.Mutation.Type type = DecoderProperties.Mutation.Type.values()[r.nextInt(
                        DecoderProperties.Mutation.Type.values().length)];
                int value = type == DecoderProperties.Mutation.Type.INSERT && r.nextBoolean() ? ~r.nextInt(256)
                        : r.nextInt(Integer.MAX_VALUE);
                input = new DecoderProperties.Mutation(type, r.nextInt(Integer.MAX_VALUE), value).apply(input);
            }
            DecoderConfig config = configs.get(r.nextInt(configs.size()));
            JsonDecodeException e = decode(config, input);
            errors += e == null ? 0 : 1;
            String o = offence(JsonDocuments.printable(input) + " " + config, e);
            if (o != null) {
                offences.add(o);
            }
        }
        assertThat(offences).isEmpty();
        assertThat(errors).as("errors looked at").isGreaterThan(10_000);
    }

    @Test
    void aJacksonMessageItDoesNotKnowIsWordedFromTheStateAlone() {
        // A wording a later Jackson may bring: classified as a plain unexpected character, never passed on.
        String unknown = "Unexpected character ('}' (code 125)): some new Jackson wording, see `JsonReadFeature.X`";
        assertThat(SyntaxMessages.classify(unknown)).isEqualTo(SyntaxMessages.Problem.UNEXPECTED);
        assertThat(SyntaxMessages.classify(null)).isEqualTo(SyntaxMessages.Problem.UNEXPECTED);
        SyntaxMessages.Situation inArray = new SyntaxMessages.Situation('}', false, 1, true, 0, TokenKind.INT, '1',
                1, null);
        assertThat(SyntaxMessages.detail(SyntaxMessages.classify(unknown), inArray))
                .isEqualTo("expected ',' or ']' after an array element, found '}'");
        // Where the decoder cannot place what was found, it says only what was expected.
        SyntaxMessages.Situation lost = new SyntaxMessages.Situation(SyntaxMessages.UNKNOWN, false, 0, false, -1,
                null, -1, 0, null);
        assertThat(SyntaxMessages.detail(SyntaxMessages.Problem.UNEXPECTED, lost)).isEqualTo("expected a value");
        // Jackson's end of input at the top level outside any token it names.
        SyntaxMessages.Situation end = new SyntaxMessages.Situation(SyntaxMessages.END, true, 0, false, -1, null,
                -1, 0, null);
        assertThat(SyntaxMessages.detail(SyntaxMessages.Problem.UNEXPECTED, end))
                .isEqualTo("the input ends before the JSON value is complete: expected a value");
        // A record Jackson did not find cut short (it always does, first) still says what ended it.
        assertThat(SyntaxMessages.recordCutShort(7, true))
                .isEqualTo("expected the rest of the JSON text of the record that began at byte 7, found the end of"
                        + " the input");
    }
}
