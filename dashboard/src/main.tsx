import { render } from 'preact';

function App() {
  return (
    <main>
      <h1>codepakt</h1>
      <p>
        <a href="/reference">API reference</a>
      </p>
    </main>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
