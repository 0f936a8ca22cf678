package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.compiler.ir.CheckedModel;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Issue 25: the one strict parser of --at and --predict values. */
class AssignmentsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            x=[1,2                | expected ']', found the end in 'x=[1,2'
            x=[1,,2]              | expected a number at character 6 (',2]')
            x=[[[[[1]]]]]         | lists nest at most four deep (a rank-4 tensor) at character 7
            x=[[1],2]             | a list mixes numbers and lists at character 8
            x=[[[1],[2]],[[3]]]   | lists of different shapes ([2, 1] and [1, 1])
            x=[[1,2],[3]]         | rows of different lengths (2 and 1)
            x=[1e400,1]           | '1e400' is too large for a 64-bit number (beyond 1.8e308) at character 4
            x=[Infinity,0]        | 'Infinity' is not a finite number at character 4
            x=NaN                 | 'NaN' is not a finite number
            x=0x10                | '0x10' is not a number
            x=1,x=2               | 'x' is given twice (at character 5)
            x=1,                  | expected a name, found the end
            x=1;y=2               | is not a number
            =1                    | expected a name at character 1
            x                     | expected '=', found the end
            x=[]                  | expected a number at character 4
            x=[1]]                | expected ',' or the end at character 6
            x=5,6                 | expected a name at character 5, found '6'; a list of values is written in brackets: x=[...]
            x=1,y=2,3             | expected a name at character 9, found '3'; a list of values is written in brackets: y=[...]
            """)
    void malformedValuesAreRefusedSayingWhere(String text, String message) {
        assertThatThrownBy(() -> Assignments.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void numbersListsAndMatricesAreReadRowMajor() {
        Map<String, Assignments.Value> v = Assignments.parse(" x = 5 , v=[1, -2.5e-3] ,W=[[1,2],[3,4]],\u03b8=.5");
        assertThat(v.keySet()).containsExactly("x", "v", "W", "\u03b8");
        assertThat(v.get("x").numbers()).containsExactly(5);
        assertThat(v.get("x").dims()).isEmpty();
        assertThat(v.get("v").numbers()).containsExactly(1, -2.5e-3);
        assertThat(v.get("W").numbers()).containsExactly(1, 2, 3, 4);
        assertThat(v.get("W").dims()).containsExactly(2, 2);
    }

    @Test
    void rank3And4ValuesNestAsExplainPrintsThem() throws Exception {
        Map<String, Assignments.Value> v = Assignments.parse("x=[[[1,2],[3,4],[5,6]],[[7,8],[9,10],[11,12]]]");
        assertThat(v.get("x").dims()).containsExactly(2, 3, 2);
        assertThat(v.get("x").numbers()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        java.nio.file.Path f = java.nio.file.Files.createTempFile("rank3", ".net");
        java.nio.file.Files.writeString(f, "model R {\n    input x[2, 3, 2]\n    param K[1, 2, 1, 1]\n"
                + "    loss = sum(conv2d(x, K))\n}\n");
        CheckedModel m = Models.choose(f, null);
        assertThat(Assignments.any(m, v).get("x")).hasSize(12);
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("x=[[1,2,3,4,5,6],[7,8,9,10,11,12]]")))
                .hasMessage("'x' is of shape [2, 3, 2] (12 values), found a 2x6 list of lists");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("K=[1,2,3]")))
                .hasMessage("'K' is of shape [1, 2, 1, 1] (2 values), found 3 values");
        assertThat(Assignments.any(m, Assignments.parse("K=[[[[0.5]],[[2]]]]")).get("K")).containsExactly(0.5, 2);
    }

    @Test
    void shapesAndClassesAreCheckedAgainstTheModel() {
        CheckedModel m = Models.choose(Tools.example("softmax_classifier"), null); // x[4], label class(3), W1[16, 4]
        assertThat(Assignments.any(m, Assignments.parse("x=[1,0,2,-1],label=2")).get("label")).containsExactly(2);
        assertThat(Assignments.fields(m, Assignments.parse("x=[1,0,2,-1]"), false)).containsOnlyKeys("x");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("x=[[1,0,2,-1]]")))
                .hasMessage("'x' is of shape [4] (4 values), found a 1x4 list of lists");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("x=[1,0,2]")))
                .hasMessage("'x' is of shape [4] (4 values), found 3 values");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("label=[0,1,0]")))
                .hasMessage("'label' is a class index in 0..2, found a list [0, 1, 0]"); // as written, not 0.0
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("label=1.5")))
                .hasMessage("'label' is a class index in 0..2, found 1.5");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("label=3")))
                .hasMessage("'label' is a class index in 0..2, found 3");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("W1=[1,2]")))
                .hasMessage("'W1' is of shape [16, 4] (64 values), found 2 values");
        assertThatThrownBy(() -> Assignments.any(m, Assignments.parse("z=1")))
                .hasMessage("'z' is not an input, target or parameter of model SoftmaxClassifier");
        assertThatThrownBy(() -> Assignments.fields(m, Assignments.parse("x=[1,0,2,-1],label=1"), false))
                .hasMessage("'label' is not an input of model SoftmaxClassifier (its inputs: x)");
        assertThatThrownBy(() -> Assignments.fields(m, Assignments.parse("label=1"), true))
                .hasMessage("needs a value for input 'x' (x=...)");
    }
}
