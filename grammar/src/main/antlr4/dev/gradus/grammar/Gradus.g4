// The grammar of Gradus .net model files (see docs/LANGUAGE.md).
// Declarations and train settings need no separators: whitespace and newlines only separate tokens.
grammar Gradus;


file        : model* EOF ;

model       : MODEL name=ID LBRACE decl* RBRACE ;

decl        : CONST name=declName ASSIGN value=expr                             # constDecl
            | INPUT name=declName dims? (COLON CLASS LPAREN classes=expr RPAREN)? # inputDecl
            | TARGET name=declName (dims | COLON CLASS LPAREN classes=expr RPAREN)? # targetDecl
            | PARAM name=declName dims? (ASSIGN literal | INIT initializer)?    # paramDecl
            | OUTPUT names+=declName (COMMA names+=declName)*                   # outputDecl
            | LOSS ASSIGN value=expr                                            # lossDecl
            | TRAIN LBRACE setting* RBRACE                                      # trainDecl
            | name=ID ASSIGN value=expr                                         # assignDecl
            ;

// A declared name. Keywords are accepted here only so that the checker can say "'loss' is a
// keyword" instead of the parser reporting a cascade of errors.
declName    : ID | MODEL | INPUT | TARGET | PARAM | CONST | OUTPUT | LOSS | TRAIN | INIT | CLASS ;

dims        : LBRACKET expr (COMMA expr)* RBRACKET ;

literal     : MINUS? NUMBER                                                     # scalarLiteral
            | LBRACKET literal (COMMA literal)* RBRACKET                        # listLiteral
            ;

initializer : name=ID (LPAREN (arg (COMMA arg)*)? RPAREN)? ;

setting     : name=ID ASSIGN (STRING | expr) ;

// Precedence, lowest first: + - ; * / @ ; unary - ; ^ and ** (right-associative) ; postfix and atoms.
expr        : mulExpr (addOp mulExpr)* ;
addOp       : PLUS | MINUS ;
mulExpr     : unaryExpr (mulOp unaryExpr)* ;
mulOp       : STAR | SLASH | AT ;
unaryExpr   : MINUS unaryExpr                                                   # negation
            | powerExpr                                                         # plainUnary
            ;
powerExpr   : postfixExpr (powOp unaryExpr)? ;
powOp       : CARET | STARSTAR ;
postfixExpr : atom (LBRACKET expr (COMMA expr)* RBRACKET)? ;
atom        : NUMBER                                                            # number
            | name=ID LPAREN (arg (COMMA arg)*)? RPAREN                         # call
            | name=ID                                                           # reference
            | LPAREN expr RPAREN                                                # parens
            | LBRACKET expr (COMMA expr)* RBRACKET                              # list
            ;
arg         : (name=ID ASSIGN)? expr ;

MODEL    : 'model' ;
INPUT    : 'input' ;
TARGET   : 'target' ;
PARAM    : 'param' ;
CONST    : 'const' ;
OUTPUT   : 'output' ;
LOSS     : 'loss' ;
TRAIN    : 'train' ;
INIT     : 'init' ;
CLASS    : 'class' ;

LBRACE   : '{' ;
RBRACE   : '}' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LBRACKET : '[' ;
RBRACKET : ']' ;
COMMA    : ',' ;
COLON    : ':' ;
ASSIGN   : '=' ;
PLUS     : '+' ;
MINUS    : '-' ;
STARSTAR : '**' ;
STAR     : '*' ;
SLASH    : '/' ;
AT       : '@' ;
CARET    : '^' ;

NUMBER   : DIGITS ('.' DIGITS?)? EXPONENT? | '.' DIGITS EXPONENT? ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
// Names: letters of any script (Greek, Cyrillic, CJK, ...), digits and '_', not starting with a digit;
// every such name is a Java identifier too, so the generated code keeps it as it is.
ID       : [\p{L}_] [\p{L}\p{Nd}_]* ;
STRING   : '"' (~["\\\r\n] | '\\' .)* '"' ;

LINE_COMMENT  : ('#' | '//') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS            : [ \t\r\n]+ -> skip ;
// Anything else is one bad character, reported by the parser as an unexpected character.
ERROR_CHAR    : . ;
