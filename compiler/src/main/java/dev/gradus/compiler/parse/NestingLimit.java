package dev.gradus.compiler.parse;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.grammar.GradusLexer;
import java.util.Arrays;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * The nesting limit, enforced on the tokens before the recursive-descent parser sees them, so that
 * no pass (parser, tree builder, checker, differentiator, emitter) can run out of stack on a deep
 * expression. Every open {@code (} or {@code [}, every prefix {@code -} and every {@code ^} or
 * {@code **} whose operand is still open counts one level. Long operator chains ({@code a + b + ...}),
 * which nest in the tree but not in the text, are limited by {@link TreeDepth} with the same limit.
 */
final class NestingLimit {
    /** The deepest expression accepted: levels of parentheses, brackets, calls, prefix minus and powers together. */
    static final int MAX_DEPTH = 256;

    private NestingLimit() {}

    static String message() {
        return "expression nested too deeply (limit " + MAX_DEPTH + ")";
    }

    /** Reports the first token past the limit; returns false if there is one. */
    static boolean check(List<Token> tokens, Diagnostics diagnostics) {
        int[] chains = new int[16]; // per open bracket level: prefix minuses and powers still open there
        int level = 0;
        int depth = 0;
        int previous = -1;
        for (Token t : tokens) {
            int type = t.getType();
            switch (type) {
                case GradusLexer.LPAREN, GradusLexer.LBRACKET -> {
                    level++;
                    if (level == chains.length) {
                        chains = Arrays.copyOf(chains, level * 2);
                    }
                    chains[level] = 0;
                    depth++;
                }
                case GradusLexer.RPAREN, GradusLexer.RBRACKET -> {
                    if (level > 0) {
                        depth -= 1 + chains[level];
                        level--;
                    }
                }
                case GradusLexer.CARET, GradusLexer.STARSTAR -> {
                    chains[level]++;
                    depth++;
                }
                case GradusLexer.MINUS -> {
                    if (endsOperand(previous)) { // binary minus ends the chain at this level
                        depth -= chains[level];
                        chains[level] = 0;
                    } else {
                        chains[level]++;
                        depth++;
                    }
                }
                case GradusLexer.ID, GradusLexer.NUMBER -> { } // an operand: the chain goes on if a power follows
                default -> { // any other operator, separator or keyword ends the chain at this level
                    depth -= chains[level];
                    chains[level] = 0;
                }
            }
            if (depth > MAX_DEPTH) {
                diagnostics.error(AstBuilder.pos(t), message());
                return false;
            }
            previous = type;
        }
        return true;
    }

    private static boolean endsOperand(int type) {
        return type == GradusLexer.ID || type == GradusLexer.NUMBER || type == GradusLexer.RPAREN
                || type == GradusLexer.RBRACKET;
    }
}
