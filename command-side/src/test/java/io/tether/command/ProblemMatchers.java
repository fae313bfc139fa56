package io.tether.command;

import io.tether.api.problem.ProblemCode;
import io.tether.api.problem.ProblemException;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** For fixture tests: {@code .expectException(problem(ACCOUNT_DELETED))}. */
public final class ProblemMatchers {

    private ProblemMatchers() {
    }

    /** A {@link ProblemException} of exactly that code. */
    public static Matcher<ProblemException> problem(ProblemCode code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(ProblemException thrown) {
                return thrown.is(code);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a ProblemException " + code);
            }

            @Override
            protected void describeMismatchSafely(ProblemException thrown, Description mismatch) {
                mismatch.appendText("was " + thrown.code() + ": " + thrown.getMessage());
            }
        };
    }
}
