package dev.gradus.compiler.parse;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATNState;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's error recovery, resynchronizing only at a token that starts a line (or at a closing brace).
 * The grammar needs no separators, but people write one declaration a line; without this, the name
 * after a bad character would be taken for the start of a new declaration and report errors that
 * are only echoes of the first.
 */
final class LineRecovery extends DefaultErrorStrategy {

    @Override
    protected void consumeUntil(Parser recognizer, IntervalSet set) {
        TokenStream tokens = recognizer.getInputStream();
        int type = tokens.LA(1);
        while (type != Token.EOF && !(set.contains(type) && startsLine(tokens))) {
            recognizer.consume();
            type = tokens.LA(1);
        }
    }

    @Override
    public void sync(Parser recognizer) throws RecognitionException {
        ATNState state = recognizer.getInterpreter().atn.states.get(recognizer.getState());
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        TokenStream tokens = recognizer.getInputStream();
        int type = tokens.LA(1);
        IntervalSet next = recognizer.getATN().nextTokens(state);
        if (next.contains(type) || next.contains(Token.EPSILON) && type != dev.gradus.grammar.GradusLexer.ERROR_CHAR) {
            return;
        }
        switch (state.getStateType()) {
            case ATNState.STAR_LOOP_BACK, ATNState.PLUS_LOOP_BACK, ATNState.STAR_BLOCK_START, ATNState.PLUS_BLOCK_START,
                    ATNState.STAR_LOOP_ENTRY -> {
                reportUnwantedToken(recognizer);
                IntervalSet expecting = recognizer.getExpectedTokens();
                IntervalSet whatFollowsLoopIterationOrRule = expecting.or(getErrorRecoverySet(recognizer));
                consumeUntil(recognizer, whatFollowsLoopIterationOrRule);
            }
            default -> super.sync(recognizer);
        }
    }

    private static boolean startsLine(TokenStream tokens) {
        Token current = tokens.LT(1);
        Token previous = tokens.LT(-1);
        return previous == null || previous.getLine() < current.getLine() || current.getType() == Token.EOF
                || "}".equals(current.getText());
    }
}
