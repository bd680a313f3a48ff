import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// CI runs these next to the testbed on two cores: give async queries room.
configure({ asyncUtilTimeout: 10_000 });
