import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/reset.css';
import { App } from './app/App.tsx';
import { cspNonce, nonceScriptCreatedStyles } from './lib/nonce.ts';

const nonce = cspNonce();
if (nonce) nonceScriptCreatedStyles(nonce);

const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
