import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { installFallbackThemes } from '../theme/fallbackThemes';

installFallbackThemes();
// Lazy pages and MUI take a while to load under jsdom when other builds share the two cores.
configure({ asyncUtilTimeout: 10_000 });
afterEach(() => cleanup());
