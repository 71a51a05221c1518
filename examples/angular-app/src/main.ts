// The zoneless build (Angular's default since v21): signals schedule change detection.
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { appConfig } from './app/app.config';
import { ChatComponent } from './app/chat.component';

bootstrapApplication(ChatComponent, appConfig(provideZonelessChangeDetection())).catch(
  (error: unknown) => console.error(error),
);
