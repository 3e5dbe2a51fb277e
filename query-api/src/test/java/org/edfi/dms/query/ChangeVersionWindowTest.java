package org.edfi.dms.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.edfi.dms.contracts.Problem;
import org.junit.jupiter.api.Test;

/** minChangeVersion and maxChangeVersion as the ODS/API binds them and the DMS refuses them. */
class ChangeVersionWindowTest {

    private static final String MIN_ERROR = "MinChangeVersion must be a numeric value greater than or equal to 0.";
    private static final String MAX_ERROR = "MaxChangeVersion must be a numeric value greater than or equal to 0.";

    @Test
    void bothBoundsAreOptionalInclusiveAndReadWithoutRegardToCase() {
        assertTrue(ChangeVersionWindow.parse(Map.of()).window().isAll());
        ChangeVersionWindow window = ChangeVersionWindow.parse(Map.of("MINCHANGEVERSION", "3", "maxChangeVersion", " 7 ")).window();
        assertEquals(new ChangeVersionWindow(3L, 7L), window);
        assertEquals(" AND r.change_version >= :minChangeVersion AND r.change_version <= :maxChangeVersion", window.sql());
        assertEquals(Map.of("minChangeVersion", 3L, "maxChangeVersion", 7L), window.parameters());
        assertEquals(new ChangeVersionWindow(5L, 5L), ChangeVersionWindow.parse(Map.of("minChangeVersion", "5", "maxChangeVersion", "5")).window());
    }

    @Test
    void anEmptyValueIsNoBoundAsTheOdsApiBindsIt() {
        assertTrue(ChangeVersionWindow.parse(Map.of("minChangeVersion", "", "maxChangeVersion", "  ")).window().isAll());
    }

    @Test
    void aValueThatIsNotAWholeNumberOfAtLeastZeroIsRefusedWithTheDmsWording() {
        for (String bad : List.of("-1", "abc", "1.5", "1e3", "99999999999999999999", "0x10")) {
            Problem min = ChangeVersionWindow.parse(Map.of("minChangeVersion", bad)).problem();
            assertEquals(Problem.PARAMETER_VALIDATION_FAILED, min.type(), bad);
            assertEquals(400, min.status());
            assertEquals(List.of(MIN_ERROR), min.errors(), bad);
            assertEquals(Map.of("$.minChangeVersion", List.of(MIN_ERROR)), min.validationErrors());
            assertEquals(List.of(MAX_ERROR), ChangeVersionWindow.parse(Map.of("maxChangeVersion", bad)).problem().errors(), bad);
        }
    }

    @Test
    void aMinimumAboveTheMaximumIsRefusedAndEveryBadParameterIsTold() {
        Problem inverted = ChangeVersionWindow.parse(Map.of("minChangeVersion", "8", "maxChangeVersion", "7")).problem();
        assertEquals(List.of("MinChangeVersion must be less than or equal to MaxChangeVersion."), inverted.errors());
        Problem both = ChangeVersionWindow.parse(Map.of("minChangeVersion", "x", "maxChangeVersion", "-2")).problem();
        assertEquals(List.of(MIN_ERROR, MAX_ERROR), both.errors(), "in the order of the parameters, min first");
        assertNull(ChangeVersionWindow.parse(Map.of("minChangeVersion", "x", "maxChangeVersion", "-2")).window());
    }
}
