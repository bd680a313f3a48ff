import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts and offers the demo sign-in: guest and the configured demo users', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: {
              title: 'Test',
              signIn: {
                mode: 'demo',
                demoUsers: [{ name: 'dana', title: 'Dana' }],
              },
            },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole(
        'button',
        { name: 'Enter as guest' },
        { timeout: 10000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Enter as dana' }),
    ).toBeInTheDocument();
  });
});
