package dev.nodemesh.term;

import java.nio.ByteBuffer;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {

    private Utf8() {}

    static boolean isValid(ByteBuffer data) {
        int limit = data.limit();
        int i = 0;
        while (i < limit) {
            int b = data.get(i) & 0xff;
            if (b < 0x80) {
                i++;
                continue;
            }
            int extra;
            int min;
            int cp;
            if (b >= 0xc2 && b <= 0xdf) {
                extra = 1;
                min = 0x80;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                extra = 2;
                min = 0x800;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                extra = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (i + extra >= limit) {
                return false;
            }
            for (int k = 1; k <= extra; k++) {
                int c = data.get(i + k) & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            i += extra + 1;
        }
        return true;
    }
}
