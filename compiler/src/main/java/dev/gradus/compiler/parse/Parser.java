package dev.gradus.compiler.parse;

import dev.gradus.compiler.diag.Diagnostics;
import dev.gradus.compiler.diag.Position;
import dev.gradus.compiler.diag.Source;
import dev.gradus.compiler.diag.Suggestions;
import dev.gradus.grammar.GradusLexer;
import dev.gradus.grammar.GradusParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The first pass: source text to {@link Ast}. Syntax errors are collected (the parser recovers
 * and goes on) and rewritten in the words of the language, never ANTLR's token names.
 */
public final class Parser {
    private Parser() {}

    /** Parses a file; returns null if there were syntax errors (all of them are in {@code diagnostics}). */
    public static Ast.SourceFile parse(Source source, Diagnostics diagnostics) {
        int before = diagnostics.count();
        GradusLexer lexer = new GradusLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        if (!NestingLimit.check(tokens.getTokens(), diagnostics)) {
            return null; // the recursive-descent parser would run out of stack
        }
        GradusParser parser = new GradusParser(tokens);
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors(diagnostics));
        parser.setErrorHandler(new LineRecovery());
        GradusParser.FileContext tree = parser.file();
        boolean syntaxErrors = diagnostics.count() > before;
        reportKeywordNames(tree, diagnostics);
        if (syntaxErrors) {
            return null;
        }
        Ast.SourceFile file = new AstBuilder(source).file(tree);
        return TreeDepth.check(file, diagnostics) ? file : null;
    }

    /** {@code input loss}: the grammar accepts a keyword as a declared name so that this is one clear error. */
    private static void reportKeywordNames(ParseTree tree, Diagnostics diagnostics) {
        if (tree instanceof GradusParser.DeclNameContext name && name.ID() == null && name.getStart() != null
                && name.getStart().getType() != Token.EOF) {
            diagnostics.error(AstBuilder.pos(name.getStart()),
                    "'" + name.getText() + "' is a keyword and cannot be used as a name");
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            reportKeywordNames(tree.getChild(i), diagnostics);
        }
    }

    /** Rewrites ANTLR's reports as "unexpected X, expected Y". */
    private static final class SyntaxErrors extends BaseErrorListener {
        private final Diagnostics diagnostics;
        private final java.util.Set<Integer> linesWithErrors = new java.util.HashSet<>();

        SyntaxErrors(Diagnostics diagnostics) {
            this.diagnostics = diagnostics;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
                                String antlrMessage, RecognitionException e) {
            Token token = offendingSymbol instanceof Token t ? t : null;
            Position at = new Position(line, col + 1);
            int lines = diagnostics.source().lineCount();
            if (line > lines && lines > 0) { // end of file after a final newline: point past the last line
                at = new Position(lines, diagnostics.source().line(lines).length() + 1);
            }
            if (!linesWithErrors.add(at.line())) {
                return; // a second syntax error on a line is nearly always an echo of the first
            }
            GradusParser parser = (GradusParser) recognizer;
            IntervalSet expected = e != null && !(e instanceof NoViableAltException)
                    ? e.getExpectedTokens() : parser.getExpectedTokens();
            String found = describe(token);
            StringBuilder message = new StringBuilder();
            boolean keyword = token != null && Character.isLetter(token.getText().charAt(0))
                    && token.getType() != GradusLexer.ID && expected != null && expected.contains(GradusLexer.ID);
            Token open = unclosedAtLineEnd(parser, token, expected);
            if (open != null) { // report where the ')' is missing, not at the next line's first token
                Token last = previous(parser, token);
                at = new Position(last.getLine(), last.getCharPositionInLine() + last.getText().length() + 1);
                String close = open.getType() == GradusLexer.LPAREN ? ")" : "]";
                String where = open.getLine() == at.line() ? "column " + (open.getCharPositionInLine() + 1)
                        : "line " + open.getLine() + ", column " + (open.getCharPositionInLine() + 1);
                diagnostics.error(at, "missing '" + close + "': the '" + open.getText() + "' at " + where + " is never closed");
                return;
            }
            if (token != null && token.getType() == GradusLexer.ERROR_CHAR && token.getText().equals("\"")) {
                message.append("unterminated string: no closing '\"' on this line");
            } else if (token != null && token.getType() == GradusLexer.ERROR_CHAR) {
                message.append("unexpected character '").append(token.getText()).append("'");
            } else if (keyword && (expected.size() == 1 || antlrMessage.startsWith("missing "))) {
                message.append("'").append(token.getText()).append("' is a keyword and cannot be used as a name");
            } else if (antlrMessage.startsWith("missing ") && e == null) {
                message.append("expected ").append(expectedText(expected, parser.getVocabulary()))
                        .append(" before ").append(found);
            } else {
                message.append("unexpected ").append(found);
                String want = expectedText(expected, parser.getVocabulary());
                boolean foundIsExpected = token != null && expected != null && expected.contains(token.getType());
                if (!want.isEmpty() && !foundIsExpected) {
                    message.append(", expected ").append(want);
                }
            }
            message.append(misspeltKeyword(parser, token));
            diagnostics.error(at, message.toString());
        }

        /**
         * The grammar's keywords (its lexer's literal words), which a misspelling at the start of a line turns into a name
         * ({@code parm b2[1]}); read from the vocabulary, so a keyword added to the grammar is hinted too.
         */
        private static final List<String> KEYWORDS = keywords(GradusLexer.VOCABULARY);

        private static List<String> keywords(Vocabulary vocabulary) {
            List<String> words = new ArrayList<>();
            for (int type = 1; type <= vocabulary.getMaxTokenType(); type++) {
                String literal = vocabulary.getLiteralName(type); // 'param', quoted
                if (literal != null && literal.length() > 2 && Character.isLetter(literal.charAt(1))) {
                    words.add(literal.substring(1, literal.length() - 1));
                }
            }
            return List.copyOf(words);
        }

        /**
         * "; 'parm' is not a keyword; did you mean 'param'?" where the name before the error starts its line and is
         * within two edits of a keyword; else "".
         */
        private static String misspeltKeyword(GradusParser parser, Token token) {
            Token prev = token == null ? null : previous(parser, token);
            if (prev == null || prev.getType() != GradusLexer.ID || prev.getLine() != token.getLine()) {
                return "";
            }
            Token before = previous(parser, prev);
            if (before != null && before.getLine() == prev.getLine()) {
                return ""; // not the first word of its line
            }
            String hint = Suggestions.suggestion(prev.getText(), KEYWORDS);
            return hint.isEmpty() ? "" : "; '" + prev.getText() + "' is not a keyword" + hint;
        }

        /**
         * When the parser wants a closing ')' or ']' but the line ended, the innermost bracket still
         * open there (as javac and rustc report it); else null.
         */
        private static Token unclosedAtLineEnd(GradusParser parser, Token token, IntervalSet expected) {
            if (token == null || expected == null
                    || !(expected.contains(GradusLexer.RPAREN) || expected.contains(GradusLexer.RBRACKET))) {
                return null;
            }
            Token last = previous(parser, token);
            if (last == null || last.getLine() >= token.getLine() && token.getType() != Token.EOF) {
                return null;
            }
            java.util.ArrayDeque<Token> open = new java.util.ArrayDeque<>();
            org.antlr.v4.runtime.TokenStream tokens = parser.getInputStream();
            for (int i = 0; i <= last.getTokenIndex(); i++) {
                Token t = tokens.get(i);
                if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                    continue;
                }
                switch (t.getType()) {
                    case GradusLexer.LPAREN, GradusLexer.LBRACKET -> open.push(t);
                    case GradusLexer.RPAREN, GradusLexer.RBRACKET -> open.poll();
                    case GradusLexer.LBRACE, GradusLexer.RBRACE -> open.clear();
                    default -> { }
                }
            }
            return open.peek();
        }

        /** The token before {@code token} on the default channel, or null. */
        private static Token previous(GradusParser parser, Token token) {
            org.antlr.v4.runtime.TokenStream tokens = parser.getInputStream();
            for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
                Token t = tokens.get(i);
                if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                    return t;
                }
            }
            return null;
        }

        private static String describe(Token token) {
            if (token == null || token.getType() == Token.EOF) {
                return "end of file";
            }
            String text = token.getText();
            return switch (token.getType()) {
                case GradusLexer.ERROR_CHAR -> "character '" + text + "'";
                case GradusLexer.ID -> "name '" + text + "'";
                case GradusLexer.NUMBER -> "number " + text;
                case GradusLexer.STRING -> "string " + text;
                default -> "'" + text + "'";
            };
        }

        private static String expectedText(IntervalSet set, Vocabulary vocabulary) {
            if (set == null || set.isNil()) {
                return "";
            }
            List<Integer> types = set.toList();
            boolean expression = types.contains(GradusLexer.NUMBER) && types.contains(GradusLexer.LPAREN)
                    && types.contains(GradusLexer.MINUS) && types.contains(GradusLexer.ID);
            if (expression) {
                return "an expression";
            }
            if (types.contains(GradusLexer.INPUT) && types.contains(GradusLexer.PARAM)) {
                return "a declaration or '}'";
            }
            List<String> names = new ArrayList<>();
            for (int type : types) {
                names.add(describeType(type, vocabulary));
            }
            if (names.size() > 4) {
                return "";
            }
            if (names.size() == 1) {
                return names.get(0);
            }
            return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }

        private static String describeType(int type, Vocabulary vocabulary) {
            return switch (type) {
                case Token.EOF -> "end of file";
                case GradusLexer.ID -> "a name";
                case GradusLexer.NUMBER -> "a number";
                case GradusLexer.STRING -> "a string";
                default -> {
                    String literal = vocabulary.getLiteralName(type);
                    yield literal != null ? literal : vocabulary.getDisplayName(type).toLowerCase();
                }
            };
        }
    }
}
